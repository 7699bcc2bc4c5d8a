import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { entryLoader } from '../entries/entry.loaders';
import { adminOnlyHidden, requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { parseId } from '../http/ids';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError } from '../shared/result';
import { letterLoader } from './feedback.loaders';
import { entrantLetterPage, entrantLetterPdf, letterPage, lettersPage, releasePage } from './feedback.pages';
import { generateSchema, letterSchema, releaseSchema } from './feedback.schemas';
import { generateLetters, releaseLetters, updateLetter } from './feedback.service';

/**
 * Feedback letters: the organisers prepare, edit and release them (behind the embargo's guard, like the results they
 * come from: 404 for everyone else); the members of the entrant organisation read a released letter and download it.
 */
export function feedbackRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = adminOnlyHidden;
  const submitter = requireRole('submitter');
  const loadEdition = editionLoader(ctx);
  const loadLetter = letterLoader(ctx);
  const loadEntry = entryLoader(ctx);
  const base = (req: Request) => `/admin/editions/${loaded(req, 'edition').id}/feedback`;

  /** The list; with `errors`, the prepare form shown again (422). */
  const showList = async (req: Request, res: Response, errors: FieldError[] = [], values = {}) =>
    renderForm(res, 'feedback/index', {
      title: res.locals.t('feedback.title'),
      ...(await lettersPage(ctx, { edition: loaded(req, 'edition'), now: ctx.clock.now() })),
      notice: firstString(req.query.notice),
      values,
      errors,
    });

  /** Every letter of the edition with its state; prepare letters, release them all. Organisers. */
  router.get('/admin/editions/:editionId/feedback', admin, loadEdition, (req, res) => showList(req, res));

  /**
   * Prepares a draft for every entry in the ranking without a letter, in the chosen language. Organisers, after the
   * announcement.
   */
  router.post('/admin/editions/:editionId/feedback/generate', admin, loadEdition, async (req, res) => {
    const form = parseForm(generateSchema, req.body);
    if (!form.ok) return showList(req, res, form.errors);
    const lng = form.data.language;
    const result = await generateLetters(ctx, {
      actor: req.user!,
      editionId: loaded(req, 'edition').id,
      t: ctx.i18n.getFixedT(lng),
      lng,
    });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, `${base(req)}?notice=generated`);
  });

  /** The release page (one letter with ?letter=, else every draft), with its confirmation; with `errors`, 422. */
  const showRelease = async (
    req: Request,
    res: Response,
    letterId: number | null,
    errors: FieldError[] = [],
  ) => {
    const page = await releasePage(ctx, { edition: loaded(req, 'edition'), letterId });
    if (!page.ok) return answerRefusal(page);
    renderForm(res, 'feedback/release', {
      title: res.locals.t('feedback.releaseTitle'),
      ...page.value,
      errors,
    });
  };

  /** What releasing will do, and the confirmation. Organisers. */
  router.get('/admin/editions/:editionId/feedback/release', admin, loadEdition, (req, res) => {
    const letter = firstString(req.query.letter);
    return showRelease(req, res, letter ? (parseId(letter) ?? -1) : null);
  });

  /** Releases one letter or every draft once confirmed; mails the members of each organisation. Organisers. */
  router.post('/admin/editions/:editionId/feedback/release', admin, loadEdition, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const letter = firstString(body.letterId);
    const letterId = letter ? (parseId(letter) ?? -1) : null;
    const form = parseForm(releaseSchema, body);
    if (!form.ok) return showRelease(req, res, letterId, form.errors);
    const result = await releaseLetters(ctx, {
      actor: req.user!,
      editionId: loaded(req, 'edition').id,
      letterId: form.data.letterId ?? null,
    });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, `${base(req)}?notice=released`);
  });

  /** One letter: the edit form while a draft, the text as released after. Organisers. */
  const showLetter = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    values?: Record<string, unknown>,
  ) => {
    const page = await letterPage(ctx, {
      edition: loaded(req, 'edition'),
      letter: loaded(req, 'feedbackLetter'),
    });
    renderForm(res, 'feedback/letter', {
      title: res.locals.t('feedback.letterTitle', { entry: page.label }),
      ...page,
      values: values ?? page.values,
      errors,
      notice: firstString(req.query.notice),
    });
  };
  router.get('/admin/editions/:editionId/feedback/:letterId', admin, loadEdition, loadLetter, (req, res) =>
    showLetter(req, res),
  );

  /** Saves the text of a draft letter (a released one is final: 409). Organisers. */
  router.post(
    '/admin/editions/:editionId/feedback/:letterId',
    admin,
    loadEdition,
    loadLetter,
    async (req, res) => {
      const posted = { body: firstString((req.body as Record<string, unknown> | undefined)?.body) };
      const form = parseForm(letterSchema, req.body);
      if (!form.ok) return showLetter(req, res, form.errors, posted);
      const letter = loaded(req, 'feedbackLetter');
      const result = await updateLetter(ctx, {
        actor: req.user!,
        editionId: loaded(req, 'edition').id,
        letterId: letter.id,
        body: form.data.body,
      });
      if (!result.ok) return answerRefusal(result, (errors) => showLetter(req, res, errors, posted));
      res.redirect(303, `${base(req)}/${letter.id}?notice=saved`);
    },
  );

  /** The entry's released feedback letter (404 before the release). Members of the entrant organisation. */
  router.get('/entries/:entryId/feedback', submitter, loadEntry, async (req, res) => {
    const page = await entrantLetterPage(ctx, {
      entry: loaded(req, 'entry'),
      edition: loaded(req, 'entryEdition'),
    });
    if (!page.ok) return answerRefusal(page);
    res.render('feedback/entrant', { title: res.locals.t('feedback.entrant.title'), ...page.value });
  });

  /** The released letter as a tagged PDF in the letter's language. Members of the entrant organisation. */
  router.get('/entries/:entryId/feedback.pdf', submitter, loadEntry, async (req, res) => {
    const file = await entrantLetterPdf(ctx, {
      entry: loaded(req, 'entry'),
      edition: loaded(req, 'entryEdition'),
    });
    if (!file.ok) return answerRefusal(file);
    res.setHeader('Cache-Control', 'private, no-store');
    res.attachment(file.value.filename);
    res.type('application/pdf').send(file.value.body);
  });

  return router;
}
