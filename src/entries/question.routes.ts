import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import type { FieldError } from '../shared/result';
import { questionLoader } from './question.loaders';
import { questionFormPage, questionsPage } from './question.pages';
import { parseQuestionForm } from './question.schemas';
import { addQuestion, changeQuestion, moveQuestion, removeQuestion } from './question.service';

/** The organisers' pages that compose an edition's entry form. */
export function questionRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const loadEdition = editionLoader(ctx);
  const loadQuestion = questionLoader(ctx);
  const listPath = (req: Request, notice: string) =>
    `/admin/editions/${loaded(req, 'edition').id}/questions?notice=${notice}`;

  /** The questions of the edition's form, in order, with what can still be done. Admins. */
  router.get('/admin/editions/:editionId/questions', admin, loadEdition, async (req, res) => {
    res.render('entries/questions', {
      title: res.locals.t('entries.questions.title'),
      ...(await questionsPage(ctx, { edition: loaded(req, 'edition'), lng: req.lng })),
      notice: firstString(req.query.notice),
      errors: [],
    });
  });

  const renderQuestionForm = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    posted?: Record<string, unknown>,
  ) => {
    const question = req.loaded?.question;
    const page = await questionFormPage(ctx, { edition: loaded(req, 'edition'), question });
    renderForm(res, 'entries/question-form', {
      title: res.locals.t(question ? 'entries.questions.editTitle' : 'entries.questions.addTitle'),
      ...page,
      values: posted ? { ...posted, type: question?.field ? question.type : posted.type } : page.values,
      errors,
    });
  };

  /** The form for a new question. Admins. */
  router.get('/admin/editions/:editionId/questions/new', admin, loadEdition, (req, res) =>
    renderQuestionForm(req, res),
  );

  /** Adds a question at the end of the form (not once an entry is submitted: 409). Admins. */
  router.post('/admin/editions/:editionId/questions', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const form = parseQuestionForm(body);
    if (!form.ok) return renderQuestionForm(req, res, form.errors, form.values);
    const result = await addQuestion(ctx, {
      actor: req.user!,
      editionId: loaded(req, 'edition').id,
      question: form.question,
    });
    if (!result.ok) return answerRefusal(result, (errors) => renderQuestionForm(req, res, errors, body));
    res.redirect(303, listPath(req, 'added'));
  });

  /** The form of one question. Admins. */
  router.get(
    '/admin/editions/:editionId/questions/:questionId',
    admin,
    loadEdition,
    loadQuestion,
    (req, res) => renderQuestionForm(req, res),
  );

  /** Saves a question; once an entry is submitted only its wording (409 for anything else). Admins. */
  router.post(
    '/admin/editions/:editionId/questions/:questionId',
    admin,
    loadEdition,
    loadQuestion,
    async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const form = parseQuestionForm({
        ...body,
        type: loaded(req, 'question').field ? loaded(req, 'question').type : body.type,
      });
      if (!form.ok) return renderQuestionForm(req, res, form.errors, form.values);
      const result = await changeQuestion(ctx, {
        actor: req.user!,
        questionId: loaded(req, 'question').id,
        question: form.question,
      });
      if (!result.ok) return answerRefusal(result, (errors) => renderQuestionForm(req, res, errors, body));
      res.redirect(303, listPath(req, 'saved'));
    },
  );

  /** Removes a question and its draft answers (not once an entry is submitted: 409). Admins. */
  router.post(
    '/admin/editions/:editionId/questions/:questionId/remove',
    admin,
    loadEdition,
    loadQuestion,
    async (req, res) => {
      const result = await removeQuestion(ctx, { actor: req.user!, questionId: loaded(req, 'question').id });
      if (!result.ok) return answerRefusal(result);
      res.redirect(303, listPath(req, 'removed'));
    },
  );

  /** Moves a question one place up or down (not once an entry is submitted: 409). Admins. */
  router.post(
    '/admin/editions/:editionId/questions/:questionId/move',
    admin,
    loadEdition,
    loadQuestion,
    async (req, res) => {
      const direction = firstString((req.body as Record<string, unknown>).direction);
      if (direction !== 'up' && direction !== 'down') return res.redirect(303, listPath(req, 'moved'));
      const result = await moveQuestion(ctx, {
        actor: req.user!,
        questionId: loaded(req, 'question').id,
        direction,
      });
      if (!result.ok) return answerRefusal(result);
      res.redirect(303, listPath(req, 'moved'));
    },
  );

  return router;
}
