import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError } from '../shared/result';
import { declareConflict } from './conflict.service';
import { juryEntryLoader } from './jury.loaders';
import { cachedOverviews, dashboardPage, entryPage, reasonPage, scorePage } from './jury.pages';
import { abstainSchema, declareSchema, parseScoreForm } from './jury.schemas';
import { abstain, reopenSheet, saveSheet, type PostedSheet } from './score.service';

const DASHBOARD_NOTICES = ['final', 'abstained', 'declared', 'declaredLate'];
const SCORE_NOTICES = ['draftSaved', 'reopened'];

/** A notice named in the query (after a redirect), when it is one the page knows. */
const noticeOf = (req: Request, known: readonly string[]) => {
  const notice = firstString(req.query.notice);
  return known.includes(notice) ? notice : '';
};

/** The juror's pages: the dashboard, an entry, scoring it, abstaining and declaring a conflict. */
export function juryRoutes(ctx: AppContext): Router {
  const router = Router();
  const juror = requireRole('juror');
  const loadJuryEntry = juryEntryLoader(ctx);
  // One cache for all requests: the overview is reused until anything is written (jury.pages.ts).
  const overviewOf = cachedOverviews(ctx);

  /** The juror's start page: their entries per edition with state, progress and deadline, 50 a page. Jurors. */
  router.get('/jury', juror, async (req, res) => {
    res.render('jury/index', {
      title: res.locals.t('jury.dashboard.title'),
      ...(await dashboardPage(
        { db: ctx.db, overviewOf },
        { user: req.user!, now: ctx.clock.now(), lng: req.lng, query: req.query as Record<string, unknown> },
      )),
      notice: noticeOf(req, DASHBOARD_NOTICES),
    });
  });

  /** One entry: all its fields and attachments, the juror's own state, and in deliberation the jury's scores. Jurors. */
  router.get('/jury/entries/:entryId', juror, loadJuryEntry, async (req, res) => {
    const juryEntry = loaded(req, 'juryEntry');
    res.render('jury/entry', {
      title: juryEntry.entry.title,
      ...(await entryPage(ctx, { juryEntry, user: req.user!, now: ctx.clock.now(), lng: req.lng })),
    });
  });

  const showScoreForm = async (
    req: Request,
    res: Response,
    form: { posted?: PostedSheet; errors?: FieldError[]; notice?: string } = {},
  ) => {
    const page = await scorePage(ctx, {
      juryEntry: loaded(req, 'juryEntry'),
      user: req.user!,
      now: ctx.clock.now(),
      lng: req.lng,
      posted: form.posted,
      errors: form.errors,
    });
    renderForm(res, 'jury/score', {
      title: res.locals.t('jury.score.title', { number: page.number }),
      ...page,
      notice: form.notice ?? '',
    });
  };

  /** The scoring form (or, when final, abstained or closed, the juror's sheet read-only). Jurors. */
  router.get('/jury/entries/:entryId/score', juror, loadJuryEntry, (req, res) =>
    showScoreForm(req, res, { notice: noticeOf(req, SCORE_NOTICES) }),
  );

  /** Saves a draft or submits the final scores ("action" says which button was pressed). Jurors. */
  router.post('/jury/entries/:entryId/score', juror, loadJuryEntry, async (req, res) => {
    const { action, posted } = parseScoreForm(req.body as Record<string, unknown>);
    const { entry } = loaded(req, 'juryEntry');
    const result = await saveSheet(ctx, { user: req.user!, entry, action, posted });
    if (!result.ok) return answerRefusal(result, (errors) => showScoreForm(req, res, { posted, errors }));
    if (action === 'final') return res.redirect(303, '/jury?notice=final');
    res.redirect(303, `/jury/entries/${entry.id}/score?notice=draftSaved`);
  });

  /** Takes a final or abstained sheet back to draft, until the scoring deadline. Jurors. */
  router.post('/jury/entries/:entryId/reopen', juror, loadJuryEntry, async (req, res) => {
    const { entry } = loaded(req, 'juryEntry');
    const result = await reopenSheet(ctx, { user: req.user!, entry });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, `/jury/entries/${entry.id}/score?notice=reopened`);
  });

  const showReasonForm =
    (view: 'jury/abstain' | 'jury/declare', titleKey: string) =>
    (req: Request, res: Response, form: { values?: Record<string, unknown>; errors?: FieldError[] } = {}) =>
      renderForm(res, view, {
        title: res.locals.t(titleKey),
        ...reasonPage({ juryEntry: loaded(req, 'juryEntry'), now: ctx.clock.now(), lng: req.lng }),
        values: form.values ?? {},
        errors: form.errors ?? [],
      });
  const showAbstainForm = showReasonForm('jury/abstain', 'jury.abstain.title');
  const showDeclareForm = showReasonForm('jury/declare', 'jury.declare.title');
  const postedReason = (req: Request) => ({
    reason: firstString((req.body as Record<string, unknown>).reason),
  });

  /** Asks for the reason to abstain from scoring this entry. Jurors. */
  router.get('/jury/entries/:entryId/abstain', juror, loadJuryEntry, (req, res) => showAbstainForm(req, res));

  /** Abstains, with a reason; possible while scoring is open and the sheet is not final. Jurors. */
  router.post('/jury/entries/:entryId/abstain', juror, loadJuryEntry, async (req, res) => {
    const values = postedReason(req);
    const form = parseForm(abstainSchema, req.body);
    if (!form.ok) return showAbstainForm(req, res, { values, errors: form.errors });
    const { entry } = loaded(req, 'juryEntry');
    const result = await abstain(ctx, { user: req.user!, entry, reason: form.data.reason });
    if (!result.ok) return answerRefusal(result, (errors) => showAbstainForm(req, res, { values, errors }));
    res.redirect(303, '/jury?notice=abstained');
  });

  /** Asks for the reason of a conflict of interest the juror declares. Jurors. */
  router.get('/jury/entries/:entryId/conflict', juror, loadJuryEntry, (req, res) =>
    showDeclareForm(req, res),
  );

  /**
   * Declares a conflict: the entry leaves the juror's list at once and cannot be scored; after scoring closed, on a
   * scored entry, it goes to the organiser to decide (the sheet counts until then). Jurors.
   */
  router.post('/jury/entries/:entryId/conflict', juror, loadJuryEntry, async (req, res) => {
    const values = postedReason(req);
    const form = parseForm(declareSchema, req.body);
    if (!form.ok) return showDeclareForm(req, res, { values, errors: form.errors });
    const { edition, entry } = loaded(req, 'juryEntry');
    const result = await declareConflict(ctx, {
      user: req.user!,
      edition,
      entryId: entry.id,
      reason: form.data.reason,
    });
    if (!result.ok) return answerRefusal(result, (errors) => showDeclareForm(req, res, { values, errors }));
    res.redirect(303, `/jury?notice=${result.value.late ? 'declaredLate' : 'declared'}`);
  });

  return router;
}
