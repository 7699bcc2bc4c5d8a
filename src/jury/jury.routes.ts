import { Router, type Request, type RequestHandler, type Response } from 'express';
import { listAttachments } from '../attachments/attachment.repo';
import type { AppContext } from '../context';
import { listCategories, listCriteria } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { findEntry, listPartnerIds } from '../entries/entry.repo';
import { entryNumber } from '../entries/entry.service';
import type { Entry } from '../entries/entry.types';
import { requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString } from '../http/form-values';
import { parseId } from '../http/ids';
import { pageHref, paginate } from '../http/pagination';
import { createDerivedCache } from '../http/derived-cache';
import { parseForm, type FieldError } from '../http/validation';
import { findOrganisationById, findOrganisationsByIds } from '../organisations/organisation.repo';
import type { Organisation } from '../organisations/organisation.types';
import { formatRemaining } from '../shared/time';
import { conflictTable, declareConflict } from './conflict.service';
import {
  DASHBOARD_FILTERS,
  inFilter,
  jurorDashboard,
  readDashboardFilter,
  type OverviewLoader,
} from './jury.dashboard';
import { loadOverview, type JuryOverview } from './jury.overview';
import { jurorEntryAccess, type JurorEntryAccess } from './jury.access';
import { listJurors } from './juror.repo';
import { abstainSchema, declareSchema, parseScoreForm } from './jury.schemas';
import type { SheetWithScores } from './jury.types';
import { findSheetWithScores, listSheets } from './score.repo';
import { abstain, reopenSheet, saveSheet, type PostedSheet } from './score.service';
import { isDeliberationOpen, isScoringOpen, mayDeclareConflict } from './scoring.rules';

declare module 'express-serve-static-core' {
  interface Request {
    jury?: JurorEntryAccess & { entry: Entry };
  }
}

/** "Gemeente Zeist", "SSC Kromme Rijn": how the pages name an organisation; `fallback` when it is unknown. */
export function organisationLabel(
  t: (key: string, params?: Record<string, unknown>) => string,
  organisation: Pick<Organisation, 'type' | 'name'> | undefined,
  fallback = '',
): string {
  return organisation
    ? t(`organisations.displayName.${organisation.type}`, { name: organisation.name })
    : fallback;
}

/** The jury pages load their own stylesheet (the scale, progress bars, state labels). */
export const JURY_STYLES = ['/assets/css/jury.css'];

const DASHBOARD_NOTICES = ['final', 'abstained', 'declared'];

export function juryRoutes(ctx: AppContext): Router {
  const router = Router();
  const juror = requireRole('juror');

  // After the guard: the entry must be one this juror may read (see jury.access.ts); 404 or 403 otherwise.
  const loadJuryEntry: RequestHandler = (req, _res, next) => {
    const id = parseId(req.params.entryId);
    if (id === null) return next(new HttpError(404));
    (async () => {
      const entry = await findEntry(ctx.db, id);
      if (!entry) throw new HttpError(404);
      const decision = await jurorEntryAccess(ctx.db, req.user!, entry);
      if (!decision.ok)
        throw decision.status === 403 ? new HttpError(403, decision.messageKey) : new HttpError(404);
      req.jury = { ...decision.access, entry };
    })().then(() => next(), next);
  };

  const common = (res: Response, edition: Edition) => {
    const now = ctx.clock.now();
    return {
      stylesheets: JURY_STYLES,
      scoringOpen: isScoringOpen(edition, now),
      deliberation: isDeliberationOpen(edition, now),
      remaining: edition.scoringDeadline
        ? formatRemaining(edition.scoringDeadline.getTime() - now.getTime(), res.locals.lng)
        : '',
    };
  };

  /** The entry as the juror sees it: in blind mode without entrant, partners and contact person. */
  const entryDetails = async (edition: Edition, entry: Entry) => {
    const categories = await listCategories(ctx.db, edition.id);
    const category = categories.find((c) => c.id === entry.categoryId) ?? null;
    const attachments = await listAttachments(ctx.db, entry.id);
    if (edition.blindJudging) return { category, attachments, organisation: null, partners: [] };
    const organisation = (await findOrganisationById(ctx.db, entry.organisationId)) ?? null;
    const partners = await findOrganisationsByIds(ctx.db, await listPartnerIds(ctx.db, entry.id));
    return { category, attachments, organisation, partners };
  };

  /** The juror's start page: their entries per edition with state, progress and deadline. Jurors. */
  // A juror's view of 500 entries (assignment, conflicts, sheet states) takes a few milliseconds to read and is
  // opened far more often than it changes: it is reused until anything is written. Deadlines are not part of it.
  const cachedOverview = createDerivedCache<JuryOverview>({
    now: () => ctx.clock.now().getTime(),
    seconds: ctx.config.cacheSeconds,
    generation: ctx.writeGeneration,
    maxEntries: 50, // ~0.5 MB each at 500 entries: room for 50 jurors
  });
  const overviewOf: OverviewLoader = (edition, jurorId) =>
    cachedOverview(`${edition.id}:${edition.version}:${jurorId}`, () =>
      loadOverview(ctx.db, edition, { jurorId }),
    );

  // With 500 entries a juror's list is long: it is shown 50 at a time, with a selection of what is still to do.
  router.get('/jury', juror, async (req, res) => {
    const notice = firstString(req.query.notice);
    const filter = readDashboardFilter(req.query.toon);
    const hrefFor = (page: number) => pageHref('/jury', req.query, page);
    res.render('jury/index', {
      title: res.locals.t('jury.dashboard.title'),
      stylesheets: JURY_STYLES,
      filter,
      filters: DASHBOARD_FILTERS.map((f) => ({
        value: f,
        href: pageHref('/jury', f === 'alle' ? {} : { toon: f }, 1),
      })),
      hrefFor,
      editions: (await jurorDashboard(ctx.db, req.user!, ctx.clock.now(), overviewOf)).map((d) => {
        const shown = paginate(
          d.items.filter((i) => inFilter(i, filter)),
          req.query.pagina,
        );
        return {
          ...d,
          ...common(res, d.edition),
          counts: Object.fromEntries(
            DASHBOARD_FILTERS.map((f) => [f, d.items.filter((i) => inFilter(i, f)).length]),
          ),
          pageInfo: shown,
          items: shown.items.map((i) => ({
            ...i,
            number: entryNumber(d.edition, i.entry),
            entrantName: organisationLabel(res.locals.t, i.entrant, i.entry.organisationName),
          })),
          conflicted: d.conflicted.map((e) => ({ ...e, number: entryNumber(d.edition, e) })),
        };
      }),
      notice: DASHBOARD_NOTICES.includes(notice) ? notice : '',
    });
  });

  /** Other jurors' final sheets for an entry: only in deliberation, and only of active, non-conflicted jurors. */
  const deliberationSheets = async (
    req: Request,
  ): Promise<Array<SheetWithScores & { jurorName: string }>> => {
    const { edition, entry } = req.jury!;
    if (!isDeliberationOpen(edition, ctx.clock.now())) return [];
    const jurors = new Map(
      (await listJurors(ctx.db, edition.id)).filter((j) => !j.revokedAt).map((j) => [j.userId, j]),
    );
    const sheets = (await listSheets(ctx.db, { editionId: edition.id, entryId: entry.id })).filter(
      (s) => s.status !== 'draft' && jurors.has(s.jurorId),
    );
    const table = await conflictTable(ctx.db, {
      editionId: edition.id,
      jurors: [...jurors.values()],
      entries: [entry],
    });
    return sheets
      .filter((s) => !table.isConflicted(s.jurorId, entry.id))
      .map((s) => ({ ...s, jurorName: jurors.get(s.jurorId)!.name }));
  };

  /** One entry: all its fields and attachments, the juror's own state, and in deliberation the jury's scores. Jurors. */
  router.get('/jury/entries/:entryId', juror, loadJuryEntry, async (req, res) => {
    const { edition, entry, assigned } = req.jury!;
    res.render('jury/entry', {
      title: entry.title,
      ...common(res, edition),
      edition,
      entry,
      number: entryNumber(edition, entry),
      assigned,
      ...(await entryDetails(edition, entry)),
      sheet: await findSheetWithScores(ctx.db, { jurorId: req.user!.id, entryId: entry.id }),
      criteria: await listCriteria(ctx.db, edition.id),
      others: await deliberationSheets(req),
      mayDeclare: mayDeclareConflict(edition, ctx.clock.now()),
    });
  });

  const scorePage = async (
    req: Request,
    res: Response,
    options: { status?: number; posted?: PostedSheet; errors?: FieldError[]; notice?: string } = {},
  ) => {
    const { edition, entry, assigned } = req.jury!;
    const sheet = await findSheetWithScores(ctx.db, { jurorId: req.user!.id, entryId: entry.id });
    const criteria = await listCriteria(ctx.db, edition.id);
    const stored = new Map((sheet?.scores ?? []).map((s) => [s.criterionId, s]));
    const values = Object.fromEntries(
      criteria.flatMap((c) => {
        const s = stored.get(c.id);
        const posted = options.posted;
        return [
          [
            `score_${c.id}`,
            posted?.scores.get(String(c.id)) ?? (s?.value === null || !s ? '' : String(s.value)),
          ],
          [`comment_${c.id}`, posted?.comments.get(String(c.id)) ?? s?.comment ?? ''],
        ];
      }),
    );
    values.motivation = options.posted?.motivation ?? sheet?.motivation ?? '';
    // The error summary lists the errors without their fieldsets, so each message names its criterion.
    const names = new Map(criteria.map((c) => [c.id, res.locals.lng === 'en' ? c.nameEn : c.nameNl]));
    const errors = (options.errors ?? []).map((e) =>
      e.params?.criterionId === undefined
        ? e
        : { ...e, params: { ...e.params, criterion: names.get(Number(e.params.criterionId)) } },
    );
    res.status(options.status ?? 200).render('jury/score', {
      title: res.locals.t('jury.score.title', { number: entryNumber(edition, entry) }),
      ...common(res, edition),
      edition,
      entry,
      number: entryNumber(edition, entry),
      assigned,
      sheet,
      criteria,
      values,
      errors,
      notice: options.notice ?? '',
    });
  };

  /** The scoring form (or, when final, abstained or closed, the juror's sheet read-only). Jurors. */
  router.get('/jury/entries/:entryId/score', juror, loadJuryEntry, (req, res) => {
    const notice = firstString(req.query.notice);
    return scorePage(req, res, { notice: ['draftSaved', 'reopened'].includes(notice) ? notice : '' });
  });

  /** Saves a draft or submits the final scores ("action" says which button was pressed). Jurors. */
  router.post('/jury/entries/:entryId/score', juror, loadJuryEntry, async (req, res) => {
    const { action, posted } = parseScoreForm(req.body as Record<string, unknown>);
    const { entry } = req.jury!;
    const result = await saveSheet(ctx, { user: req.user!, entry, action, posted });
    if (!result.ok) return scorePage(req, res, { status: result.status, posted, errors: result.errors });
    if (action === 'final') return res.redirect(303, '/jury?notice=final');
    res.redirect(303, `/jury/entries/${entry.id}/score?notice=draftSaved`);
  });

  /** Takes a final or abstained sheet back to draft, until the scoring deadline. Jurors. */
  router.post('/jury/entries/:entryId/reopen', juror, loadJuryEntry, async (req, res) => {
    const { entry } = req.jury!;
    const result = await reopenSheet(ctx, { user: req.user!, entry });
    if (!result.ok) return scorePage(req, res, { status: result.status, errors: result.errors });
    res.redirect(303, `/jury/entries/${entry.id}/score?notice=reopened`);
  });

  const reasonPage =
    (view: 'jury/abstain' | 'jury/declare', titleKey: string) =>
    (
      req: Request,
      res: Response,
      status = 200,
      values: Record<string, unknown> = {},
      errors: FieldError[] = [],
    ) => {
      const { edition, entry } = req.jury!;
      res.status(status).render(view, {
        title: res.locals.t(titleKey),
        ...common(res, edition),
        edition,
        entry,
        number: entryNumber(edition, entry),
        values,
        errors,
      });
    };
  const abstainPage = reasonPage('jury/abstain', 'jury.abstain.title');
  const declarePage = reasonPage('jury/declare', 'jury.declare.title');

  /** Asks for the reason to abstain from scoring this entry. Jurors. */
  router.get('/jury/entries/:entryId/abstain', juror, loadJuryEntry, (req, res) => abstainPage(req, res));

  /** Abstains, with a reason; possible while scoring is open and the sheet is not final. Jurors. */
  router.post('/jury/entries/:entryId/abstain', juror, loadJuryEntry, async (req, res) => {
    const form = parseForm(abstainSchema, req.body);
    const values = { reason: firstString((req.body as Record<string, unknown>).reason) };
    if (!form.ok) return abstainPage(req, res, 422, values, form.errors);
    const result = await abstain(ctx, { user: req.user!, entry: req.jury!.entry, reason: form.data.reason });
    if (!result.ok) return abstainPage(req, res, result.status, values, result.errors);
    res.redirect(303, '/jury?notice=abstained');
  });

  /** Asks for the reason of a conflict of interest the juror declares. Jurors. */
  router.get('/jury/entries/:entryId/conflict', juror, loadJuryEntry, (req, res) => declarePage(req, res));

  /** Declares a conflict: the entry leaves the juror's list at once and cannot be scored. Jurors. */
  router.post('/jury/entries/:entryId/conflict', juror, loadJuryEntry, async (req, res) => {
    const form = parseForm(declareSchema, req.body);
    const values = { reason: firstString((req.body as Record<string, unknown>).reason) };
    if (!form.ok) return declarePage(req, res, 422, values, form.errors);
    const { edition, entry } = req.jury!;
    const result = await declareConflict(ctx, {
      user: req.user!,
      edition,
      entryId: entry.id,
      reason: form.data.reason,
    });
    if (!result.ok)
      return declarePage(req, res, result.status, values, [
        { field: result.field, messageKey: result.messageKey },
      ]);
    res.redirect(303, '/jury?notice=declared');
  });

  return router;
}
