import type { RequestHandler } from 'express';
import { parseId } from '../http/ids';
import type { Knex } from 'knex';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { HttpError } from '../http/errors';
import { jurorMaySeeEntry } from '../jury/jury.access';
import type { User } from '../users/user.types';
import { findEntry } from './entry.repo';
import type { Entry } from './entry.types';

declare module 'express-serve-static-core' {
  interface Request {
    entry?: Entry;
    entryEdition?: Edition;
  }
}

/**
 * Who may see an entry: organisers always; entrants only their own organisation's entries. Jurors are decided by
 * the jury module (jurorMaySeeEntry: an active seat, the entry admitted and assigned or in deliberation, no
 * conflict), which needs the database, so loadEntry asks it. Everyone else gets 404, so strangers cannot even
 * learn that an entry exists.
 */
export function maySeeEntry(user: User, entry: Entry): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'submitter')
    return user.organisationId !== null && user.organisationId === entry.organisationId;
  return false;
}

/**
 * Loads the entry named by :entryId (after the route's role guard) into req.entry and its edition into
 * req.entryEdition, or answers 404. `extraCheck` lets other modules widen access further.
 */
export function loadEntry(
  db: Knex,
  extraCheck?: (user: User, entry: Entry) => Promise<boolean>,
): RequestHandler {
  return (req, _res, next) => {
    const id = parseId(req.params.entryId);
    if (id === null) return next(new HttpError(404));
    (async () => {
      const entry = await findEntry(db, id);
      if (!entry || !req.user) throw new HttpError(404);
      // Jurors through the jury's rule by default, so any entry route that lets jurors in (attachments) is safe.
      const allowed =
        maySeeEntry(req.user, entry) ||
        (req.user.role === 'juror' && (await jurorMaySeeEntry(db, req.user, entry))) ||
        (extraCheck ? await extraCheck(req.user, entry) : false);
      if (!allowed) throw new HttpError(404);
      req.entry = entry;
      req.entryEdition = await findEdition(db, entry.editionId);
      if (!req.entryEdition) throw new HttpError(404);
    })().then(() => next(), next);
  };
}
