import type { Knex } from 'knex';
import { jurorMaySeeEntry } from '../jury/jury.access';
import type { User } from '../users/user.types';
import type { Entry } from './entry.types';

/**
 * Who may see an entry: organisers always; entrants only their own organisation's entries. Jurors are decided by
 * the jury module (jurorMaySeeEntry: an active seat, the entry admitted and assigned or in deliberation, no
 * conflict), which needs the database. Everyone else gets 404, so strangers cannot even learn that an entry exists.
 */
export function maySeeEntry(user: User, entry: Entry): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'submitter')
    return user.organisationId !== null && user.organisationId === entry.organisationId;
  return false;
}

/**
 * The whole rule, jurors included: what the entry loader (entry.loaders.ts) asks for every route with :entryId, so
 * any entry route that lets jurors in (the attachment download) follows the jury's rule.
 */
export async function userMaySeeEntry(db: Knex, user: User, entry: Entry): Promise<boolean> {
  if (maySeeEntry(user, entry)) return true;
  return user.role === 'juror' && (await jurorMaySeeEntry(db, user, entry));
}
