import type { Request } from 'express';
import type { AppContext } from '../context';
import { listEditions } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { effectivePhase, isPublished } from '../editions/phase';
import { loaded, loader } from '../http/loaders';
import { findCountedEntry, findDecision, type CountedEntry } from './results.repo';
import { isAnnounced } from './results.rules';

declare module '../http/loaders' {
  interface Loaded {
    /** The entry named by :entryId on an organiser's results page: one in the ranking of the loaded edition. */
    resultsEntry: CountedEntry;
    /**
     * The edition of /edities/:year/winnaar, when this visitor may see its result: announced, or (organisers) any
     * published edition, as a preview.
     */
    resultsEdition: Edition;
  }
}

/**
 * :entryId → `loaded(req, 'resultsEntry')`: an entry in the ranking (submitted and admitted) of the edition loaded
 * before it, or 404. Put it after the guard and editionLoader.
 */
export const resultsEntryLoader = (ctx: Pick<AppContext, 'db'>) =>
  loader('entryId', 'resultsEntry', (id, req) => findCountedEntry(ctx.db, loaded(req, 'edition').id, id));

/**
 * :year → `loaded(req, 'resultsEdition')`, or 404 while the embargo holds for this visitor. Put it after
 * adminOrAnnounced, which says whether the visitor is exempt (an organiser).
 */
export const resultsEditionLoader = (ctx: Pick<AppContext, 'db' | 'clock'>) =>
  loader('year', 'resultsEdition', async (year, req: Request) => {
    if (!/^\d{4}$/.test(String(req.params.year))) return undefined;
    const edition = (await listEditions(ctx.db)).find((e) => e.year === year && isPublished(e.phase));
    if (!edition) return undefined;
    if (req.res?.locals.embargoExempt === true) return edition;
    const decision = await findDecision(ctx.db, edition.id);
    return isAnnounced(effectivePhase(edition, ctx.clock.now()), decision) ? edition : undefined;
  });
