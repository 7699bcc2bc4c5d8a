import type { AppContext } from '../context';
import { loader } from '../http/loaders';
import { findEdition, listEditions } from './edition.repo';
import type { Edition } from './edition.types';
import { isPublished } from './phase';

declare module '../http/loaders' {
  interface Loaded {
    /** The edition named by :editionId (organiser pages). */
    edition: Edition;
    /** The published edition of :year (the public call page). */
    publishedEdition: Edition;
  }
}

/** :editionId → `loaded(req, 'edition')`, or 404. Put it after the guard: only organisers' routes use it. */
export const editionLoader = (ctx: Pick<AppContext, 'db'>) =>
  loader('editionId', 'edition', (id) => findEdition(ctx.db, id));

/** :year → `loaded(req, 'publishedEdition')`, or 404: for the public, a concept edition does not exist. */
export const publishedEditionLoader = (ctx: Pick<AppContext, 'db'>) =>
  loader('year', 'publishedEdition', async (year) =>
    (await listEditions(ctx.db)).find((e) => e.year === year && isPublished(e.phase)),
  );
