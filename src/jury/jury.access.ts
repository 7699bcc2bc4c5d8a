/**
 * Which entries a juror may open. The one rule, used by the jury pages and (through the entry loaders) by every entry
 * route that lets jurors in, such as the attachment download:
 *   - the juror sits on the entry's edition jury and was not revoked;
 *   - the entry is submitted and admitted (eligibility 'eligible'; 'pending' is not yet eligible);
 *   - the entry is assigned to the juror, or deliberation is open (then every juror may read every entry);
 *   - the juror has no conflict of interest with it.
 */
import type { Queryable as Db } from '../db/db';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { findEntry } from '../entries/entry.repo';
import type { Entry } from '../entries/entry.types';
import type { User } from '../users/user.types';
import { isAssigned } from './assignment.repo';
import { pairConflict } from './conflict.service';
import { findMembership } from './juror.repo';
import type { EditionJuror, PairConflict } from './jury.types';
import { isDeliberationPhase } from './scoring.rules';

export interface JurorEntryAccess {
  juror: EditionJuror;
  edition: Edition;
  assigned: boolean;
  conflict: PairConflict;
}

export type AccessDecision =
  | { ok: true; access: JurorEntryAccess }
  | { ok: false; status: 404 }
  | { ok: false; status: 403; messageKey: string; access: Omit<JurorEntryAccess, 'conflict'> };

export const isJuryEntry = (entry: Pick<Entry, 'status' | 'eligibility'>) =>
  entry.status === 'submitted' && entry.eligibility === 'eligible';

/**
 * 404 when the juror has nothing to do with the entry (strangers learn nothing about which entries exist), 403
 * when the entry is theirs to read but a conflict of interest forbids it, so the page can say why.
 */
export async function jurorEntryAccess(db: Db, user: User, entry: Entry): Promise<AccessDecision> {
  if (user.role !== 'juror' || !isJuryEntry(entry)) return { ok: false, status: 404 };
  const edition = await findEdition(db, entry.editionId);
  if (!edition) return { ok: false, status: 404 };
  const juror = await findMembership(db, { editionId: edition.id, userId: user.id });
  if (!juror || juror.revokedAt) return { ok: false, status: 404 };
  const assigned = await isAssigned(db, { jurorId: user.id, entryId: entry.id });
  if (!assigned && !isDeliberationPhase(edition.phase)) return { ok: false, status: 404 };
  const conflict = await pairConflict(db, { juror, entry });
  if (conflict.effective.conflicted) {
    return {
      ok: false,
      status: 403,
      messageKey: 'jury.errors.conflicted',
      access: { juror, edition, assigned },
    };
  }
  return { ok: true, access: { juror, edition, assigned, conflict } };
}

/** For the entry loaders: may this juror see the entry (and download its attachments)? */
export async function jurorMaySeeEntry(db: Db, user: User, entry: Entry): Promise<boolean> {
  return (await jurorEntryAccess(db, user, entry)).ok;
}

/** An entry as a juror opens it (/jury/entries/:entryId): the entry with the access that let them in. */
export type JuryEntry = JurorEntryAccess & { entry: Entry };

/** Looks up :entryId for a juror and decides access by the rule above (404 for an entry that does not exist). */
export async function openJuryEntry(
  db: Db,
  user: User,
  entryId: number,
): Promise<{ ok: true; juryEntry: JuryEntry } | Exclude<AccessDecision, { ok: true }>> {
  const entry = await findEntry(db, entryId);
  if (!entry) return { ok: false, status: 404 };
  const decision = await jurorEntryAccess(db, user, entry);
  return decision.ok ? { ok: true, juryEntry: { ...decision.access, entry } } : decision;
}

/** An entry of this edition that the jury scores (submitted and admitted), for the organiser's pair pages. */
export async function findJuryEntryOf(
  db: Db,
  input: { editionId: number; entryId: number },
): Promise<Entry | undefined> {
  const entry = await findEntry(db, input.entryId);
  return entry && entry.editionId === input.editionId && isJuryEntry(entry) ? entry : undefined;
}
