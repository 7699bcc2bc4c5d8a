import type { RequestHandler } from 'express';
import type { AppContext } from '../context';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { loaded, loader } from '../http/loaders';
import { userMaySeeEntry } from './entry.access';
import { findEntry } from './entry.repo';
import type { Entry } from './entry.types';

declare module '../http/loaders' {
  interface Loaded {
    /** The entry named by :entryId, when this user may see it (entry.access.ts). */
    entry: Entry;
    /** The edition of that entry. */
    entryEdition: Edition;
  }
}

/**
 * :entryId → `loaded(req, 'entry')` and its edition → `loaded(req, 'entryEdition')`, or 404 for an entry that does
 * not exist or that this user may not see (organisers; entrants of its organisation; jurors by the jury's rule).
 * Put it after the route's guard.
 */
export function entryLoader(ctx: Pick<AppContext, 'db'>): RequestHandler {
  const loadEntry = loader('entryId', 'entry', async (id, req) => {
    const entry = await findEntry(ctx.db, id);
    return entry && req.user && (await userMaySeeEntry(ctx.db, req.user, entry)) ? entry : undefined;
  });
  // Same :entryId, already checked: the edition of the entry just loaded.
  const loadEdition = loader('entryId', 'entryEdition', (_id, req) =>
    findEdition(ctx.db, loaded(req, 'entry').editionId),
  );
  return (req, res, next) =>
    loadEntry(req, res, (err?: unknown) => (err ? next(err) : loadEdition(req, res, next)));
}
