/**
 * The jury's records named in its addresses, loaded after the route's guard into `req.loaded` (http/loaders.ts).
 * The juror's entry follows the one access rule (jury.access.ts); the organiser's records must belong to the
 * edition loaded before them (`editionLoader`).
 */
import type { AppContext } from '../context';
import type { Entry } from '../entries/entry.types';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { HttpError } from '../http/errors';
import { loaded, loader } from '../http/loaders';
import { findJuryEntryOf, openJuryEntry, type JuryEntry } from './jury.access';
import { findActiveSeat } from './juror.service';
import type { EditionJuror } from './jury.types';

declare module '../http/loaders' {
  interface Loaded {
    /** /jury/entries/:entryId: an entry the juror may open, with their seat, its edition and the assignment. */
    juryEntry: JuryEntry;
    /** :userId on the organiser's jury pages: an active seat on the loaded edition's jury. */
    jurySeat: EditionJuror;
    /** :entryId on the organiser's conflict pages: an entry of the loaded edition that the jury scores. */
    juryEditionEntry: Entry;
    /** :editionId on a juror's own pages: the edition and the juror's active seat on its jury. */
    jurorSeat: { edition: Edition; seat: EditionJuror };
  }
}

type Deps = Pick<AppContext, 'db'>;

/**
 * :entryId for a juror (put it after `requireRole('juror')`). 404 when the juror has nothing to do with the entry,
 * so strangers learn nothing; 403 with the reason when a conflict of interest forbids an entry that is theirs.
 */
export const juryEntryLoader = (ctx: Deps) =>
  loader('entryId', 'juryEntry', async (id, req) => {
    const opened = await openJuryEntry(ctx.db, req.user!, id);
    if (opened.ok) return opened.juryEntry;
    if (opened.status === 403) throw new HttpError(403, opened.messageKey);
    return undefined;
  });

/** :userId of an organiser's jury page: the active seat on the edition's jury, or 404. After `editionLoader`. */
export const jurySeatLoader = (ctx: Deps) =>
  loader('userId', 'jurySeat', (id, req) =>
    findActiveSeat(ctx, { editionId: loaded(req, 'edition').id, userId: id }),
  );

/** :entryId of an organiser's conflict page: an entry of the edition the jury scores, or 404. After `editionLoader`. */
export const juryEditionEntryLoader = (ctx: Deps) =>
  loader('entryId', 'juryEditionEntry', (id, req) =>
    findJuryEntryOf(ctx.db, { editionId: loaded(req, 'edition').id, entryId: id }),
  );

/** :editionId for a juror (after `requireRole('juror')`): an edition whose jury they sit on, or 404. */
export const jurorSeatLoader = (ctx: Deps) =>
  loader('editionId', 'jurorSeat', async (id, req) => {
    const seat = await findActiveSeat(ctx, { editionId: id, userId: req.user!.id });
    const edition = seat ? await findEdition(ctx.db, id) : undefined;
    return seat && edition ? { edition, seat } : undefined;
  });
