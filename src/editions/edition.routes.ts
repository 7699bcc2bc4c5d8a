import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { listAudit } from '../audit/audit.repo';
import { requireRole } from '../http/access';
import { firstString, indexedRows, stringList } from '../http/form-values';
import { parseForm, type FieldError } from '../http/validation';
import { toLocalDateTimeInput } from '../shared/time';
import { loadEdition as loadEditionParam } from './edition.loader';
import { listCategories, listCriteria, listEditions } from './edition.repo';
import {
  CATEGORY_FIELDS,
  CRITERION_FIELDS,
  criterionRowErrors,
  editionFormSchema,
  formToSettings,
  phaseMoveSchema,
  type CategoryRow,
  type CriterionRow,
} from './edition.schemas';
import {
  copyEdition,
  createEdition,
  defaultSettings,
  makeCurrent,
  movePhase,
  publishProblems,
  saveCategories,
  saveCriteria,
  updateEdition,
} from './edition.service';
import { ATTACHMENT_TYPES, ORGANISATION_TYPES, type Edition, type EditionSettings } from './edition.types';
import { effectivePhase, nextPhase, PHASES, phaseIndex } from './phase';

const MAX_ROWS = 30;
const BLANK_ROWS = 2;

/** The form's values as strings, from a stored edition (or the defaults for a new one). */
function settingsToValues(s: EditionSettings, version?: number): Record<string, unknown> {
  const dt = (d: Date | null) => (d ? toLocalDateTimeInput(d) : '');
  const rule = (i: number) => {
    const r = s.tieBreak.filter((x) => x.kind !== 'juryDecision')[i];
    return !r ? '' : r.kind === 'criterion' ? `criterion:${r.criterionId}` : r.kind;
  };
  return {
    ...s,
    prizeAmount: String(s.prizeAmountCents / 100),
    opensAt: dt(s.opensAt),
    closesAt: dt(s.closesAt),
    scoringDeadline: dt(s.scoringDeadline),
    conferenceAt: dt(s.conferenceAt),
    tieBreak1: rule(0),
    tieBreak2: rule(1),
    version,
  };
}

/** Raw posted values, kept as typed so a 422 re-render loses nothing. */
function postedValues(body: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body))
    values[k] = k === 'allowedTypes' || k === 'eligibleTypes' ? stringList(v) : firstString(v);
  values.multipleEntriesPerOrg = 'multipleEntriesPerOrg' in body;
  values.blindJudging = 'blindJudging' in body;
  return values;
}

export function editionRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');

  const loadEdition = loadEditionParam(ctx.db);

  const formLocals = async (res: Response, edition: Edition | null) => ({
    attachmentTypes: ATTACHMENT_TYPES,
    organisationTypes: ORGANISATION_TYPES,
    criteria: edition ? await listCriteria(ctx.db, edition.id) : [],
    locked: Boolean(edition?.criteriaLockedAt),
    edition,
    title: res.locals.t(edition ? 'editions.edit.title' : 'editions.new.title'),
  });

  /** What the overview page shows: phase with the moves possible now, criteria, categories, publish blockers. */
  const showLocals = async (edition: Edition) => {
    const phase = effectivePhase(edition, ctx.clock.now());
    const [criteria, categories] = await Promise.all([
      listCriteria(ctx.db, edition.id),
      listCategories(ctx.db, edition.id),
    ]);
    return {
      title: edition.name,
      edition,
      phase,
      next: nextPhase(phase),
      earlier:
        phase === 'announced'
          ? []
          : PHASES.filter((p) => p !== 'concept' && phaseIndex(p) < phaseIndex(phase)),
      criteria,
      categories,
      problems: phase === 'concept' ? publishProblems(edition, criteria, categories) : [],
    };
  };

  /** All editions, newest first. Admins. */
  router.get('/admin/editions', admin, async (req, res) => {
    const now = ctx.clock.now();
    const editions = (await listEditions(ctx.db)).map((e) => ({
      ...e,
      effectivePhase: effectivePhase(e, now),
    }));
    res.render('editions/index', {
      title: res.locals.t('editions.index.title'),
      editions,
      notice: firstString(req.query.notice),
    });
  });

  /** Form for a new edition, prefilled with defaults. Admins. */
  router.get('/admin/editions/new', admin, async (_req, res) => {
    const year =
      Number(
        new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Amsterdam' }).format(
          ctx.clock.now(),
        ),
      ) + 1;
    res.render('editions/form', {
      ...(await formLocals(res, null)),
      values: settingsToValues(defaultSettings(year)),
      errors: [],
    });
  });

  /** Creates an edition with the default criteria and categories. Admins. */
  router.post('/admin/editions', admin, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const form = parseForm(editionFormSchema, { ...body, tieBreak1: 'firstPlaces', tieBreak2: '' });
    if (!form.ok) {
      return res.status(422).render('editions/form', {
        ...(await formLocals(res, null)),
        values: postedValues(body),
        errors: form.errors,
      });
    }
    const id = await createEdition(ctx, { actor: req.user!, settings: formToSettings(form.data) });
    res.redirect(303, `/admin/editions/${id}?notice=created`);
  });

  /** Overview of one edition: phase, dates, criteria, categories, and what to do next. Admins. */
  router.get('/admin/editions/:editionId', admin, loadEdition, async (req, res) => {
    res.render('editions/show', {
      ...(await showLocals(req.edition!)),
      notice: firstString(req.query.notice),
      values: {},
      errors: [],
    });
  });

  /** Edit form for an edition's settings. Admins. */
  router.get('/admin/editions/:editionId/edit', admin, loadEdition, async (req, res) => {
    const edition = req.edition!;
    res.render('editions/form', {
      ...(await formLocals(res, edition)),
      values: settingsToValues(edition, edition.version),
      errors: [],
    });
  });

  /** Saves the settings; a stale form (someone else saved first) is re-shown with the input kept. Admins. */
  router.post('/admin/editions/:editionId/edit', admin, loadEdition, async (req, res) => {
    const edition = req.edition!;
    const body = req.body as Record<string, unknown>;
    const rerender = async (errors: FieldError[], status = 422) =>
      res
        .status(status)
        .render('editions/form', { ...(await formLocals(res, edition)), values: postedValues(body), errors });
    const form = parseForm(editionFormSchema, body);
    if (!form.ok) return rerender(form.errors);
    const version = Number(firstString(body.version));
    const result = await updateEdition(ctx, {
      actor: req.user!,
      editionId: edition.id,
      version,
      settings: formToSettings(form.data),
    });
    if (!result.ok)
      return rerender(
        result.errors,
        result.errors.some((e) => e.messageKey === 'editions.errors.staleForm') ? 409 : 422,
      );
    res.redirect(303, `/admin/editions/${edition.id}?notice=saved`);
  });

  const criteriaPage = async (
    req: Request,
    res: Response,
    rows: CriterionRow[] | null,
    errors: FieldError[],
    extra: Record<string, unknown> = {},
  ) => {
    const edition = req.edition!;
    const criteria = await listCriteria(ctx.db, edition.id);
    const locked = Boolean(edition.criteriaLockedAt);
    const blank = (index: number): CriterionRow =>
      ({ index, ...Object.fromEntries(CRITERION_FIELDS.map((f) => [f, ''])) }) as CriterionRow;
    const shown =
      rows ??
      criteria.map(
        (c, index) =>
          ({ index, ...Object.fromEntries(CRITERION_FIELDS.map((f) => [f, String(c[f])])) }) as CriterionRow,
      );
    const withBlanks =
      locked || rows
        ? shown
        : [...shown, ...Array.from({ length: BLANK_ROWS }, (_, i) => blank(shown.length + i))];
    res.status(errors.length ? 422 : 200).render('editions/criteria', {
      title: res.locals.t('editions.criteria.title'),
      edition,
      rows: withBlanks,
      locked,
      removeIds: [],
      reason: '',
      total: withBlanks.reduce((sum, r) => sum + (Number(r.weight) || 0), 0),
      errors,
      ...extra,
    });
  };

  /** The criteria of an edition in one form, so weights are checked together. Admins. */
  router.get('/admin/editions/:editionId/criteria', admin, loadEdition, (req, res) =>
    criteriaPage(req, res, null, []),
  );

  /** Saves all criteria; weights must add up to 100, and after the first score only weights change, with a reason. Admins. */
  router.post('/admin/editions/:editionId/criteria', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    // A blank row (no name, no weight) is the empty slot for a new criterion, not an error.
    const rows = indexedRows(body, CRITERION_FIELDS, MAX_ROWS).filter((r) => r.id || r.nameNl || r.weight);
    const removeIds = stringList(body.remove).map(Number).filter(Number.isSafeInteger);
    const reason = firstString(body.reason).trim().slice(0, 2000);
    const active = rows.filter((r) => !removeIds.includes(Number(r.id)));
    const rowErrors = active.flatMap((r) =>
      criterionRowErrors(r, { nameSent: !r.id || `nameNl_${r.index}` in body }),
    );
    if (rowErrors.length) return criteriaPage(req, res, rows, rowErrors, { removeIds, reason });
    // A field the form did not send keeps its stored value (the locked form sends only the weights).
    const stored = new Map((await listCriteria(ctx.db, req.edition!.id)).map((c) => [c.id, c]));
    const valueOf = (r: CriterionRow, f: Exclude<(typeof CRITERION_FIELDS)[number], 'id' | 'weight'>) => {
      const before = stored.get(Number(r.id));
      return before && !(`${f}_${r.index}` in body) ? before[f] : r[f];
    };
    const result = await saveCriteria(ctx, {
      actor: req.user!,
      editionId: req.edition!.id,
      rows: rows.map((r) => ({
        id: r.id ? Number(r.id) : null,
        nameNl: valueOf(r, 'nameNl'),
        nameEn: valueOf(r, 'nameEn') || valueOf(r, 'nameNl'),
        descriptionNl: valueOf(r, 'descriptionNl'),
        descriptionEn: valueOf(r, 'descriptionEn'),
        weight: Number(r.weight),
        anchorLowNl: valueOf(r, 'anchorLowNl'),
        anchorMidNl: valueOf(r, 'anchorMidNl'),
        anchorHighNl: valueOf(r, 'anchorHighNl'),
        anchorLowEn: valueOf(r, 'anchorLowEn'),
        anchorMidEn: valueOf(r, 'anchorMidEn'),
        anchorHighEn: valueOf(r, 'anchorHighEn'),
      })),
      removeIds,
      reason,
    });
    if (!result.ok) return criteriaPage(req, res, rows, result.errors, { removeIds, reason });
    res.redirect(303, `/admin/editions/${req.edition!.id}?notice=criteriaSaved`);
  });

  const categoriesPage = async (
    req: Request,
    res: Response,
    rows: CategoryRow[] | null,
    errors: FieldError[],
    removeIds: number[] = [],
  ) => {
    const edition = req.edition!;
    const categories = await listCategories(ctx.db, edition.id);
    const shown =
      rows ?? categories.map((c, index) => ({ index, id: String(c.id), nameNl: c.nameNl, nameEn: c.nameEn }));
    const withBlanks = rows
      ? shown
      : [
          ...shown,
          ...Array.from({ length: BLANK_ROWS }, (_, i) => ({
            index: shown.length + i,
            id: '',
            nameNl: '',
            nameEn: '',
          })),
        ];
    res.status(errors.length ? 422 : 200).render('editions/categories', {
      title: res.locals.t('editions.categories.title'),
      edition,
      rows: withBlanks,
      removeIds,
      errors,
    });
  };

  /** The categories of an edition in one form. Admins. */
  router.get('/admin/editions/:editionId/categories', admin, loadEdition, (req, res) =>
    categoriesPage(req, res, null, []),
  );

  /** Saves the categories. Admins. */
  router.post('/admin/editions/:editionId/categories', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const rows = indexedRows(body, CATEGORY_FIELDS, MAX_ROWS).filter((r) => r.id || r.nameNl || r.nameEn);
    const removeIds = stringList(body.remove).map(Number).filter(Number.isSafeInteger);
    const errors: FieldError[] = rows
      .filter((r) => !removeIds.includes(Number(r.id)))
      .flatMap((r) =>
        !r.nameNl
          ? [{ field: `nameNl_${r.index}`, messageKey: 'editions.categories.errors.nameRequired' }]
          : r.nameNl.length > 120 || r.nameEn.length > 120
            ? [{ field: `nameNl_${r.index}`, messageKey: 'common.errors.tooLong', params: { max: 120 } }]
            : [],
      );
    if (errors.length) return categoriesPage(req, res, rows, errors, removeIds);
    const result = await saveCategories(ctx, {
      actor: req.user!,
      editionId: req.edition!.id,
      rows: rows.map((r) => ({
        id: r.id ? Number(r.id) : null,
        code: '',
        nameNl: r.nameNl,
        nameEn: r.nameEn || r.nameNl,
      })),
      removeIds,
    });
    if (!result.ok) return categoriesPage(req, res, rows, result.errors, removeIds);
    res.redirect(303, `/admin/editions/${req.edition!.id}?notice=categoriesSaved`);
  });

  /** Moves the edition to another phase (forward, or back with a reason). Admins. */
  router.post('/admin/editions/:editionId/phase', admin, loadEdition, async (req, res) => {
    const edition = req.edition!;
    const form = parseForm(phaseMoveSchema, req.body);
    const result = form.ok
      ? await movePhase(ctx, {
          actor: req.user!,
          editionId: edition.id,
          to: form.data.to,
          reason: form.data.reason,
          newClosesAt: form.data.closesAt,
        })
      : { ok: false as const, errors: form.errors };
    if (result.ok) return res.redirect(303, `/admin/editions/${edition.id}?notice=phase`);
    res.status(422).render('editions/show', {
      ...(await showLocals(edition)),
      notice: '',
      values: postedValues(req.body as Record<string, unknown>),
      errors: result.errors,
    });
  });

  /** Makes this the edition shown on the public pages. Admins. */
  router.post('/admin/editions/:editionId/current', admin, loadEdition, async (req, res) => {
    await makeCurrent(ctx, { actor: req.user!, editionId: req.edition!.id });
    res.redirect(303, `/admin/editions/${req.edition!.id}?notice=current`);
  });

  /** Copies texts, limits, criteria and categories into a new concept edition for the next year. Admins. */
  router.post('/admin/editions/:editionId/copy', admin, loadEdition, async (req, res) => {
    const id = await copyEdition(ctx, { actor: req.user!, sourceId: req.edition!.id });
    res.redirect(303, `/admin/editions/${id}/edit?notice=copied`);
  });

  /** The audit log: every administrative change, newest first, filterable by action and subject. Admins. */
  router.get('/admin/audit', admin, async (req, res) => {
    const action = firstString(req.query.action).slice(0, 80);
    const subjectType = firstString(req.query.subjectType).slice(0, 40);
    const events = await listAudit(ctx.db, {
      action: action || undefined,
      subjectType: subjectType || undefined,
      limit: 200,
    });
    const actions = (await ctx.db('audit_events').distinct('action').orderBy('action')).map(
      (r: { action: string }) => r.action,
    );
    res.render('editions/audit', {
      title: res.locals.t('audit.title'),
      events,
      actions,
      filter: { action, subjectType },
    });
  });

  return router;
}
