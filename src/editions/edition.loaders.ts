import type { AppContext } from '../context';
import { loader } from '../http/loaders';
import { findEdition } from './edition.repo';
import type { Edition } from './edition.types';

declare module '../http/loaders' {
  interface Loaded {
    /** The edition named by :editionId (organiser pages). */
    edition: Edition;
  }
}

/** :editionId → `loaded(req, 'edition')`, or 404. Put it after the guard: only organisers' routes use it. */
export const editionLoader = (ctx: Pick<AppContext, 'db'>) =>
  loader('editionId', 'edition', (id) => findEdition(ctx.db, id));
