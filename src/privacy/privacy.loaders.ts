import type { AppContext } from '../context';
import { loader } from '../http/loaders';
import { findDeletionRequest, type DeletionRequest } from './privacy.repo';

declare module '../http/loaders' {
  interface Loaded {
    /** The deletion request named by :requestId (organisers' privacy pages). */
    deletionRequest: DeletionRequest;
  }
}

/** :requestId → `loaded(req, 'deletionRequest')`, or 404. Put it after the guard: only organisers' routes use it. */
export const deletionRequestLoader = (ctx: Pick<AppContext, 'db'>) =>
  loader('requestId', 'deletionRequest', (id) => findDeletionRequest(ctx.db, id));
