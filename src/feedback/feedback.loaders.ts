import type { RequestHandler } from 'express';
import type { AppContext } from '../context';
import { loaded, loader } from '../http/loaders';
import { findLetter } from './feedback.repo';
import type { FeedbackLetter } from './feedback.types';

declare module '../http/loaders' {
  interface Loaded {
    /** The letter named by :letterId, of the edition named by :editionId. */
    feedbackLetter: FeedbackLetter;
  }
}

/** :letterId → `loaded(req, 'feedbackLetter')`, or 404 for a letter of another edition. After the edition loader. */
export function letterLoader(ctx: Pick<AppContext, 'db'>): RequestHandler {
  return loader('letterId', 'feedbackLetter', async (id, req) => {
    const letter = await findLetter(ctx.db, id);
    return letter && letter.editionId === loaded(req, 'edition').id ? letter : undefined;
  });
}
