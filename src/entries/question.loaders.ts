import type { AppContext } from '../context';
import { loaded, loader } from '../http/loaders';
import { findQuestion } from './question.repo';
import type { Question } from './question.types';

declare module '../http/loaders' {
  interface Loaded {
    /** The question named by :questionId, of the edition named by :editionId. */
    question: Question;
  }
}

/** :questionId → `loaded(req, 'question')`, or 404 when it is not a question of the loaded edition. After editionLoader. */
export const questionLoader = (ctx: Pick<AppContext, 'db'>) =>
  loader('questionId', 'question', async (id, req) => {
    const question = await findQuestion(ctx.db, id);
    return question && question.editionId === loaded(req, 'edition').id ? question : undefined;
  });
