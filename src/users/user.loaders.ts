import type { AppContext } from '../context';
import { loader } from '../http/loaders';
import { findUserById } from './user.repo';
import type { User } from './user.types';

declare module '../http/loaders' {
  interface Loaded {
    /** The account named by :userId (organisers' user pages). */
    user: User;
  }
}

/** :userId → `loaded(req, 'user')`, or 404. Put it after the guard: only organisers' routes use it. */
export const userLoader = (ctx: Pick<AppContext, 'db'>) =>
  loader('userId', 'user', (id) => findUserById(ctx.db, id));
