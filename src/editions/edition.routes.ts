import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError, Result } from '../shared/result';
import { editionLoader } from './edition.loaders';
import {
  categoriesFormPage,
  criteriaFormPage,
  editionFormPage,
  editionFormValues,
  editionListPage,
  editionShowPage,
  newEditionFormValues,
} from './edition.pages';
import {
  editionFormSchema,
  formToSettings,
  keptEditionValues,
  parseCategoriesForm,
  parseCriteriaForm,
  phaseMoveSchema,
  type CategoryRow,
  type CriterionRow,
} from './edition.schemas';
import {
  copyEdition,
  createEdition,
  makeCurrent,
  movePhase,
  saveCategories,
  saveCriteria,
  updateEdition,
} from './edition.service';
import type { Edition } from './edition.types';
import { mailJudgingOpens } from '../notifications/moments.service';
import { withRankingMoves } from '../results/ranking-moves.service';
import { copyJury } from '../jury/jury-copy.service';

export function editionRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const loadEdition = editionLoader(ctx);

  /** The settings form, new (edition null) or of a stored edition; 422 (or the given status) with errors. */
  const showEditionForm = async (
    res: Response,
    edition: Edition | null,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status?: number,
  ) =>
    renderForm(res, 'editions/form', {
      title: res.locals.t(edition ? 'editions.edit.title' : 'editions.new.title'),
      ...(await editionFormPage(ctx, { edition })),
      values,
      errors,
      status,
    });

  /** The overview, with the phase form shown again when a move was refused. */
  const showOverview = async (
    req: Request,
    res: Response,
    form: { values: Record<string, unknown>; errors: FieldError[]; status?: number } = {
      values: {},
      errors: [],
    },
  ) => {
    const page = await editionShowPage(ctx, { edition: loaded(req, 'edition'), now: ctx.clock.now() });
    renderForm(res, 'editions/show', {
      title: page.edition.name,
      ...page,
      notice: form.errors.length ? '' : firstString(req.query.notice),
      ...form,
    });
  };

  /** All editions, newest first. Admins. */
  router.get('/admin/editions', admin, async (req, res) => {
    res.render('editions/index', {
      title: res.locals.t('editions.index.title'),
      ...(await editionListPage(ctx, { now: ctx.clock.now() })),
      notice: firstString(req.query.notice),
    });
  });

  /** Form for a new edition, prefilled with defaults for next year. Admins. */
  router.get('/admin/editions/new', admin, (_req, res) =>
    showEditionForm(res, null, newEditionFormValues(ctx.clock.now())),
  );

  /** Creates an edition with the default criteria and categories. Admins. */
  router.post('/admin/editions', admin, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const showAgain = (errors: FieldError[]) => showEditionForm(res, null, keptEditionValues(body), errors);
    // A new edition gets the default tie-break rules; the form shows them only once the edition exists.
    const form = parseForm(editionFormSchema, { ...body, tieBreak1: 'firstPlaces', tieBreak2: '' });
    if (!form.ok) return showAgain(form.errors);
    const result = await createEdition(ctx, { actor: req.user!, settings: formToSettings(form.data) });
    if (!result.ok) return answerRefusal(result, showAgain);
    res.redirect(303, `/admin/editions/${result.value}?notice=created`);
  });

  /** Overview of one edition: phase, dates, criteria, categories, and what to do next. Admins. */
  router.get('/admin/editions/:editionId', admin, loadEdition, (req, res) => showOverview(req, res));

  /** Edit form for an edition's settings. Admins. */
  router.get('/admin/editions/:editionId/edit', admin, loadEdition, (req, res) => {
    const edition = loaded(req, 'edition');
    return showEditionForm(res, edition, editionFormValues(edition));
  });

  /** Saves the settings; a stale form (someone else saved first) is shown again with 409 and the input kept. Admins. */
  router.post('/admin/editions/:editionId/edit', admin, loadEdition, async (req, res) => {
    const edition = loaded(req, 'edition');
    const body = req.body as Record<string, unknown>;
    const showAgain = (errors: FieldError[], status?: number) =>
      showEditionForm(res, edition, keptEditionValues(body), errors, status);
    const form = parseForm(editionFormSchema, body);
    if (!form.ok) return showAgain(form.errors);
    const result = await updateEdition(
      { ...ctx, measureMoves: withRankingMoves },
      {
        actor: req.user!,
        editionId: edition.id,
        version: Number(firstString(body.version)),
        settings: formToSettings(form.data),
        rulesChangeReason: form.data.rulesChangeReason,
      },
    );
    if (!result.ok) {
      // Nothing the organiser typed is lost: the stale form comes back with their input and the reason.
      if (result.refusal === 'conflict') return showAgain(result.errors, 409);
      return answerRefusal(result, showAgain);
    }
    // A change of method or minimum after scoring closed moved the ranking: show what moved.
    if (result.value.moves)
      return res.redirect(303, `/admin/editions/${edition.id}/results?notice=rankingChanged#ranking-changes`);
    res.redirect(303, `/admin/editions/${edition.id}?notice=saved`);
  });

  const showCriteria = async (
    req: Request,
    res: Response,
    posted: { rows: CriterionRow[]; removeIds: number[]; reason: string } | null = null,
    errors: FieldError[] = [],
  ) =>
    renderForm(res, 'editions/criteria', {
      title: res.locals.t('editions.criteria.title'),
      ...(await criteriaFormPage(ctx, { edition: loaded(req, 'edition'), posted: posted?.rows ?? null })),
      removeIds: posted?.removeIds ?? [],
      reason: posted?.reason ?? '',
      errors,
    });

  /** The criteria of an edition in one form, so weights are checked together. Admins. */
  router.get('/admin/editions/:editionId/criteria', admin, loadEdition, (req, res) => showCriteria(req, res));

  /**
   * Saving one of the edition's list forms (criteria, categories): the rows are read as a whole, shown again with
   * their errors, or saved, and the organiser goes back to the edition with a notice.
   */
  const saveListForm =
    <F extends { errors: FieldError[] }>(
      parse: (body: Record<string, unknown>) => F,
      show: (req: Request, res: Response, form: F, errors: FieldError[]) => Promise<void>,
      save: (req: Request, form: F) => Promise<Result>,
      notice: string,
    ) =>
    async (req: Request, res: Response) => {
      const form = parse(req.body as Record<string, unknown>);
      if (form.errors.length) return show(req, res, form, form.errors);
      const result = await save(req, form);
      if (!result.ok) return answerRefusal(result, (errors) => show(req, res, form, errors));
      res.redirect(303, `/admin/editions/${loaded(req, 'edition').id}?notice=${notice}`);
    };

  /** Saves all criteria; weights must add up to 100, and after the first score only weights change, with a reason. Admins. */
  router.post(
    '/admin/editions/:editionId/criteria',
    admin,
    loadEdition,
    saveListForm(
      parseCriteriaForm,
      showCriteria,
      (req, form) =>
        saveCriteria(ctx, {
          actor: req.user!,
          editionId: loaded(req, 'edition').id,
          rows: form.input,
          removeIds: form.removeIds,
          reason: form.reason,
        }),
      'criteriaSaved',
    ),
  );

  const showCategories = async (
    req: Request,
    res: Response,
    posted: { rows: CategoryRow[]; removeIds: number[] } | null = null,
    errors: FieldError[] = [],
  ) =>
    renderForm(res, 'editions/categories', {
      title: res.locals.t('editions.categories.title'),
      ...(await categoriesFormPage(ctx, { edition: loaded(req, 'edition'), posted: posted?.rows ?? null })),
      removeIds: posted?.removeIds ?? [],
      errors,
    });

  /** The categories of an edition in one form. Admins. */
  router.get('/admin/editions/:editionId/categories', admin, loadEdition, (req, res) =>
    showCategories(req, res),
  );

  /** Saves the categories. Admins. */
  router.post(
    '/admin/editions/:editionId/categories',
    admin,
    loadEdition,
    saveListForm(
      parseCategoriesForm,
      showCategories,
      (req, form) =>
        saveCategories(ctx, {
          actor: req.user!,
          editionId: loaded(req, 'edition').id,
          rows: form.input,
          removeIds: form.removeIds,
        }),
      'categoriesSaved',
    ),
  );

  /** Moves the edition to another phase (forward, or back with a reason). Admins. */
  router.post('/admin/editions/:editionId/phase', admin, loadEdition, async (req, res) => {
    const values = keptEditionValues(req.body as Record<string, unknown>);
    const showAgain = (errors: FieldError[], status?: number) =>
      showOverview(req, res, { values, errors, status });
    const form = parseForm(phaseMoveSchema, req.body);
    if (!form.ok) return showAgain(form.errors);
    const result = await movePhase(ctx, {
      actor: req.user!,
      editionId: loaded(req, 'edition').id,
      to: form.data.to,
      reason: form.data.reason,
      newClosesAt: form.data.closesAt,
    });
    if (!result.ok) {
      // Another organiser moved the edition first: the page shows where it stands now, with this form kept.
      if (result.refusal === 'conflict') return showAgain(result.errors, 409);
      return answerRefusal(result, showAgain);
    }
    // Judging opened: each juror hears how many entries wait for them (once per edition).
    if (result.value === 'judging')
      await mailJudgingOpens(ctx, { actor: req.user!, editionId: loaded(req, 'edition').id });
    res.redirect(303, `/admin/editions/${loaded(req, 'edition').id}?notice=phase`);
  });

  /** Makes this the edition shown on the public pages. Admins. */
  router.post('/admin/editions/:editionId/current', admin, loadEdition, async (req, res) => {
    const result = await makeCurrent(ctx, { actor: req.user!, editionId: loaded(req, 'edition').id });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, `/admin/editions/${loaded(req, 'edition').id}?notice=current`);
  });

  /** Copies texts, limits, criteria and categories into a new concept edition for the next year. Admins. */
  router.post('/admin/editions/:editionId/copy', admin, loadEdition, async (req, res) => {
    const result = await copyEdition(ctx, { actor: req.user!, sourceId: loaded(req, 'edition').id });
    if (!result.ok) return answerRefusal(result);
    // "Copy the jury of last year": its active jurors are seated on the new edition (each mailed).
    if (firstString((req.body as Record<string, unknown>).copyJury) === 'yes')
      await copyJury(ctx, {
        actor: req.user!,
        fromEditionId: loaded(req, 'edition').id,
        toEditionId: result.value,
        lng: req.lng,
      });
    res.redirect(303, `/admin/editions/${result.value}/edit?notice=copied`);
  });

  return router;
}
