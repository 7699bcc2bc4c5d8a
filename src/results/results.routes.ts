import { Router, type Request, type Response } from 'express';
import { parseId } from '../http/ids';
import type { AppContext } from '../context';
import { loadEdition as loadEditionParam } from '../editions/edition.loader';
import { findCurrentEdition, listEditions } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { effectivePhase, isPublished } from '../editions/phase';
import { adminOnlyHidden, adminOrAnnounced } from '../http/access';
import { createDerivedCache } from '../http/derived-cache';
import { HttpError } from '../http/errors';
import { checkbox, firstString } from '../http/form-values';
import type { FieldError } from '../http/validation';
import { ceremonySteps, stepIndex } from './ceremony';
import { NOMINATION_KINDS, type NominationKind } from './deliberation.types';
import { rankingCsv, scoresCsv } from './export.csv';
import { juryReportPdf, type ReportComment } from './export.pdf';
import { resultsWorkbook } from './export.xlsx';
import { listEntrantRecipients, listFinalComments } from './results.repo';
import {
  announceProblems,
  isAggregation,
  isAnnounced,
  mayDeliberate,
  MOTIVATION_MAX,
  NOTE_MAX,
} from './results.rules';
import {
  announceResults,
  decideWinner,
  editionResults,
  loadShortlist,
  saveJuryNote,
  setNomination,
  type EditionResults,
} from './results.service';
import { AGGREGATIONS, type Aggregation } from './results.types';
import { buildCharts, criterionName, formatScore } from './results.view';

const RESULTS_CSS = ['/assets/css/results.css'];
/** Rows the ranking tables show unless all are asked for (?all=1); the exports always hold every entry. */
const TABLE_LIMIT = 50;
/** Where the kept report goes in the rendered page; replaced by its bytes when the page is sent. */
const REPORT_SLOT = '<!--results-report-->';

/** `?aggregation=` when it names one; otherwise undefined (the service picks the decided one or the mean). */
function askedAggregation(req: Request): Aggregation | undefined {
  const value = firstString(req.query.aggregation);
  return isAggregation(value) ? value : undefined;
}

/** Exports are embargoed data: never kept by a browser or proxy cache, always downloaded as a file. */
function sendDownload(res: Response, input: { body: string | Buffer; type: string; filename: string }): void {
  res.setHeader('Cache-Control', 'no-store');
  res.attachment(input.filename);
  res.type(input.type).send(input.body);
}

export function resultsRoutes(ctx: AppContext): Router {
  const router = Router();
  // Every results route answers 404 to anyone but an organiser: the embargo must not reveal that results exist.
  const admin = adminOnlyHidden;

  const loadEdition = loadEditionParam(ctx.db);

  // Ranking 500 entries × 25 jurors takes ~100 ms; during deliberation the page is read far more than written,
  // so the computed results are reused until anything is written (or a minute passes).
  const cached = createDerivedCache<EditionResults>({
    now: () => ctx.clock.now().getTime(),
    seconds: ctx.config.cacheSeconds,
    generation: ctx.writeGeneration,
    maxEntries: 6, // ~10 MB each at 500 × 25: a few aggregations in both languages
  });
  const compute = (req: Request, aggregation = askedAggregation(req)) =>
    cached(`${req.edition!.id}:${req.edition!.version}:${aggregation ?? ''}:${req.lng}`, () =>
      editionResults(ctx, { edition: req.edition!, aggregation, t: req.t, lng: req.lng }),
    );

  // Everything on the page that follows from the ranking alone (method, robustness, the two tables, the charts
  // with 12,500 formatted heat-map cells, exports) is rendered once per computed ranking and kept with it: it was
  // most of the page's cost, and the ranking itself is already kept until anything is written.
  const reports = new WeakMap<EditionResults, Map<boolean, Promise<Buffer>>>();
  const reportOf = (computed: EditionResults, showAll: boolean, req: Request, res: Response) => {
    const kept = reports.get(computed) ?? new Map<boolean, Promise<Buffer>>();
    reports.set(computed, kept);
    let html = kept.get(showAll);
    if (!html) {
      const { view } = computed;
      // Only what the report reads, never the first organiser's request locals (a CSRF token, the user): the
      // report is shown to every organiser until the ranking changes.
      const locals = {
        t: res.locals.t,
        lng: res.locals.lng,
        layout: false,
        edition: computed.data.edition,
        view,
        aggregations: AGGREGATIONS,
        shownRows: showAll ? view.rows : view.rows.slice(0, TABLE_LIMIT),
        showAll,
        tableLimit: TABLE_LIMIT,
        charts: buildCharts(view, req.t, req.lng),
        fmt: (value: number | null) => formatScore(value, req.lng),
      };
      // Kept as bytes: encoding 240 kB of text again for every response cost more than rendering the rest.
      html = new Promise<Buffer>((resolve, reject) =>
        res.app.render('results/_report', locals, (err, out) =>
          err ? reject(err) : resolve(Buffer.from(out)),
        ),
      );
      kept.set(showAll, html);
      html.catch(() => kept.delete(showAll));
    }
    return html;
  };

  const resultsPage = async (
    req: Request,
    res: Response,
    input: {
      computed: EditionResults;
      status?: number;
      errors?: FieldError[];
      values?: Record<string, unknown>;
    },
  ) => {
    const { data, view } = input.computed;
    const decision = data.decision;
    const showAll = firstString(req.query.all) === '1';
    const report = await reportOf(input.computed, showAll, req, res);
    const page = await new Promise<string>((resolve, reject) =>
      res.render(
        'results/index',
        {
          stylesheets: RESULTS_CSS,
          title: res.locals.t('results.title'),
          edition: data.edition,
          phase: data.phase,
          view,
          reportHtml: REPORT_SLOT,
          aggregations: AGGREGATIONS,
          deliberating: mayDeliberate(data.phase) && !decision?.announcedAt,
          announced: isAnnounced(data.phase, decision),
          announceReady: announceProblems({ phase: data.phase, decision }).length === 0,
          nominees: view.rows.filter((row) => row.nomination === 'nominee'),
          mentions: view.rows.filter((row) => row.nomination === 'honourable_mention'),
          decidedWinner: decision
            ? (view.rows.find((row) => row.entry.id === decision.winnerEntryId) ?? null)
            : null,
          values: input.values ?? {
            winnerEntryId: decision?.winnerEntryId ?? '',
            motivation: decision?.motivation ?? '',
            usedAggregation: view.aggregation,
          },
          motivationMax: MOTIVATION_MAX,
          errors: input.errors ?? [],
          notice: firstString(req.query.notice),
        },
        (err: Error | null, html: string) => (err ? reject(err) : resolve(html)),
      ),
    );
    const [before, after] = page.split(REPORT_SLOT);
    res
      .status(input.status ?? 200)
      .type('html')
      .send(Buffer.concat([Buffer.from(before!), report, Buffer.from(after ?? '')]));
  };

  /** The results of the current edition (the main menu's "Uitslag"). Admins. */
  router.get('/admin/results', admin, async (_req, res) => {
    const current = await findCurrentEdition(ctx.db);
    if (!current) throw new HttpError(404);
    res.redirect(303, `/admin/editions/${current.id}/results`);
  });

  /** The ranking with all four aggregations, ties, robustness, charts, exports and the decision form. Admins. */
  router.get('/admin/editions/:editionId/results', admin, loadEdition, async (req, res) => {
    await resultsPage(req, res, { computed: await compute(req) });
  });

  /** Records the winner (a nominee), the motivation and the aggregation; moves deliberation to decided. Admins. */
  router.post('/admin/editions/:editionId/results/decision', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const rawAggregation = firstString(body.usedAggregation);
    const aggregation = isAggregation(rawAggregation) ? rawAggregation : 'mean';
    const rawWinner = firstString(body.winnerEntryId);
    const winnerEntryId = parseId(rawWinner);
    const motivation = firstString(body.motivation);
    const computed = await compute(req, aggregation);
    const winnerRow = computed.view.rankedRows.find((row) => row.entry.id === winnerEntryId);
    const result = await decideWinner(ctx, {
      actor: req.user!,
      editionId: req.edition!.id,
      winnerEntryId,
      motivation,
      aggregation,
      standing: {
        computedWinnerEntryId: computed.results.robustness.winnerEntryId,
        winnerRank: winnerRow?.rank ?? null,
        robust: computed.results.robustness.robust,
      },
    });
    if (result.ok) {
      return res.redirect(
        303,
        `/admin/editions/${req.edition!.id}/results?aggregation=${aggregation}&notice=decided`,
      );
    }
    await resultsPage(req, res, {
      computed,
      status: 422,
      errors: result.errors,
      values: { winnerEntryId: rawWinner, motivation, usedAggregation: aggregation },
    });
  });

  const entryPage = async (
    req: Request,
    res: Response,
    input: { status?: number; errors?: FieldError[]; values?: Record<string, unknown> } = {},
  ) => {
    const entryId = parseId(req.params.entryId);
    const computed = await compute(req);
    const { data, view } = computed;
    const row = view.rows.find((candidate) => candidate.entry.id === entryId);
    if (!row) throw new HttpError(404);
    const sheets = view.sheetsOf(row.entry.id);
    const counted = new Set(sheets.map((sheet) => sheet.jurorId));
    const comments = (await listFinalComments(ctx.db, data.edition.id, [row.entry.id])).filter((c) =>
      counted.has(c.jurorId),
    );
    const jurorName = new Map(view.jurors.map((juror) => [juror.id, juror.name]));
    res.status(input.status ?? 200).render('results/entry', {
      stylesheets: RESULTS_CSS,
      title: row.entry.title,
      edition: data.edition,
      view,
      row,
      sheets,
      comments: comments.map((c) => ({
        juror: jurorName.get(c.jurorId) ?? '',
        criterion:
          c.criterionId === null ? null : (view.criteria.find((k) => k.id === c.criterionId)?.name ?? ''),
        text: c.text,
      })),
      conflicted: data.jurors.filter((juror) => data.conflicts.isConflicted(juror.userId, row.entry.id)),
      fmt: (value: number | null) => formatScore(value, req.lng),
      deliberating: mayDeliberate(data.phase) && !data.decision?.announcedAt,
      isWinner: data.decision?.winnerEntryId === row.entry.id,
      values: input.values ?? { note: row.note, kind: row.nomination ?? 'none' },
      noteMax: NOTE_MAX,
      errors: input.errors ?? [],
      notice: firstString(req.query.notice),
    });
  };

  /** One entry in deliberation: its numbers per juror, the jurors' comments, the jury note and the shortlist. Admins. */
  router.get('/admin/editions/:editionId/results/entries/:entryId', admin, loadEdition, (req, res) =>
    entryPage(req, res),
  );

  /** Saves the jury's note on an entry. Admins, during deliberation. */
  router.post(
    '/admin/editions/:editionId/results/entries/:entryId/note',
    admin,
    loadEdition,
    async (req, res) => {
      const note = firstString((req.body as Record<string, unknown>).note);
      const entryId = parseId(req.params.entryId) ?? 0;
      const result = await saveJuryNote(ctx, { actor: req.user!, editionId: req.edition!.id, entryId, note });
      if (result.ok) {
        return res.redirect(
          303,
          `/admin/editions/${req.edition!.id}/results/entries/${entryId}?notice=noteSaved`,
        );
      }
      await entryPage(req, res, { status: 422, errors: result.errors, values: { note, kind: '' } });
    },
  );

  /** Puts the entry on the shortlist (nominee, honourable mention) or takes it off. Admins, during deliberation. */
  router.post(
    '/admin/editions/:editionId/results/entries/:entryId/nomination',
    admin,
    loadEdition,
    async (req, res) => {
      const raw = firstString((req.body as Record<string, unknown>).kind);
      const entryId = parseId(req.params.entryId) ?? 0;
      if (raw !== 'none' && !(NOMINATION_KINDS as readonly string[]).includes(raw)) {
        return entryPage(req, res, {
          status: 422,
          errors: [{ field: 'kind', messageKey: 'results.errors.nomination.invalid' }],
        });
      }
      const kind = raw === 'none' ? null : (raw as NominationKind);
      const result = await setNomination(ctx, {
        actor: req.user!,
        editionId: req.edition!.id,
        entryId,
        kind,
      });
      if (result.ok) {
        return res.redirect(
          303,
          `/admin/editions/${req.edition!.id}/results/entries/${entryId}?notice=nominationSaved`,
        );
      }
      await entryPage(req, res, { status: 422, errors: result.errors });
    },
  );

  const fileStem = (edition: Edition, what: string) => `innovatieprijs-${edition.year}-${what}`;

  /** The ranking as CSV, the aggregation as on the page. Admins. */
  router.get('/admin/editions/:editionId/results.csv', admin, loadEdition, async (req, res) => {
    const { view } = await compute(req);
    sendDownload(res, {
      body: rankingCsv(view, req.t),
      type: 'text/csv; charset=utf-8',
      filename: `${fileStem(req.edition!, req.t('results.files.ranking'))}-${view.aggregation}.csv`,
    });
  });

  /** Every counted score as CSV. Admins. */
  router.get('/admin/editions/:editionId/scores.csv', admin, loadEdition, async (req, res) => {
    const { view } = await compute(req);
    sendDownload(res, {
      body: scoresCsv(view, req.t),
      type: 'text/csv; charset=utf-8',
      filename: `${fileStem(req.edition!, req.t('results.files.scores'))}.csv`,
    });
  });

  /** Ranking, scores, entries, jurors and conflicts as one XLSX workbook. Admins. */
  router.get('/admin/editions/:editionId/results.xlsx', admin, loadEdition, async (req, res) => {
    const { view, data } = await compute(req);
    sendDownload(res, {
      body: await resultsWorkbook({ view, data, t: req.t }),
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      filename: `${fileStem(req.edition!, req.t('results.files.ranking'))}-${view.aggregation}.xlsx`,
    });
  });

  /** The jury report as PDF, comments without names. Admins. */
  router.get('/admin/editions/:editionId/jury-report.pdf', admin, loadEdition, async (req, res) => {
    const { view, data } = await compute(req);
    const discussed = view.rows.filter(
      (row) => row.nomination || row.entry.id === data.decision?.winnerEntryId,
    );
    const counted = (jurorId: number, entryId: number) => view.scoreOf(jurorId, entryId) !== undefined;
    const collator = new Intl.Collator(req.lng === 'en' ? 'en-GB' : 'nl-NL');
    const comments: ReportComment[] = (
      await listFinalComments(
        ctx.db,
        data.edition.id,
        discussed.map((row) => row.entry.id),
      )
    )
      .filter((c) => counted(c.jurorId, c.entryId))
      .map((c) => {
        const criterion = c.criterionId === null ? null : data.criteria.find((k) => k.id === c.criterionId);
        return {
          entryId: c.entryId,
          criterionName: criterion ? criterionName(criterion, req.lng) : null,
          text: c.text,
        };
      })
      // Sorted by content, not by juror, so the order cannot tell who wrote what.
      .sort(
        (a, b) =>
          a.entryId - b.entryId ||
          collator.compare(a.criterionName ?? '', b.criterionName ?? '') ||
          collator.compare(a.text, b.text),
      );
    sendDownload(res, {
      body: await juryReportPdf({ view, data, comments, t: req.t, lng: req.lng, now: ctx.clock.now() }),
      type: 'application/pdf',
      filename: `${fileStem(req.edition!, req.t('results.files.report'))}.pdf`,
    });
  });

  const announcePage = async (
    req: Request,
    res: Response,
    input: { status?: number; errors?: FieldError[]; mailEntrants?: boolean } = {},
  ) => {
    const edition = req.edition!;
    const phase = effectivePhase(edition, ctx.clock.now());
    const shortlist = await loadShortlist(ctx.db, edition, req.lng);
    const problems = announceProblems({ phase, decision: shortlist.decision });
    res.status(input.status ?? 200).render('results/announce', {
      stylesheets: RESULTS_CSS,
      title: res.locals.t('results.announce.title'),
      edition,
      phase,
      shortlist,
      problems,
      recipients: problems.length ? 0 : (await listEntrantRecipients(ctx.db, edition.id)).length,
      mailEntrants: input.mailEntrants ?? false,
      errors: input.errors ?? [],
    });
  };

  /** What announcing will publish, with the option to mail all entrants; asks for confirmation. Admins. */
  router.get('/admin/editions/:editionId/announce', admin, loadEdition, (req, res) => announcePage(req, res));

  /** Announces: publishes the winner page, marks the edition announced, optionally mails entrants. Admins. */
  router.post('/admin/editions/:editionId/announce', admin, loadEdition, async (req, res) => {
    const mailEntrants = checkbox((req.body as Record<string, unknown>).mailEntrants);
    const outcome = await announceResults(ctx, {
      actor: req.user!,
      editionId: req.edition!.id,
      mailEntrants,
    });
    if (!outcome.ok) return announcePage(req, res, { status: 409, errors: outcome.errors, mailEntrants });
    const notice = outcome.mailFailures
      ? 'announcedMailFailures'
      : mailEntrants
        ? 'announcedMailed'
        : 'announced';
    res.redirect(303, `/admin/editions/${req.edition!.id}/results?notice=${notice}`);
  });

  /** Ceremony mode for the projector: nominees one by one, then the winner; ?step=N without JavaScript. Admins. */
  router.get('/admin/editions/:editionId/ceremony', admin, loadEdition, async (req, res) => {
    const edition = req.edition!;
    const shortlist = await loadShortlist(ctx.db, edition, req.lng);
    const steps = ceremonySteps(shortlist);
    const step = stepIndex(req.query.step, steps.length);
    res.render('results/ceremony', {
      layout: false,
      title: res.locals.t('results.ceremony.title'),
      edition,
      steps,
      step,
      announced: isAnnounced(effectivePhase(edition, ctx.clock.now()), shortlist.decision),
    });
  });

  /**
   * The public winner page: winner, project summary, motivation, nominees. Anyone once announced; before that
   * only organisers (a preview) and 404 for everyone else.
   */
  router.get('/edities/:year/winnaar', adminOrAnnounced, ctx.publicPage, async (req, res) => {
    const year = /^\d{4}$/.test(String(req.params.year)) ? Number(req.params.year) : NaN;
    const edition = (await listEditions(ctx.db)).find((e) => e.year === year && isPublished(e.phase));
    if (!edition) throw new HttpError(404);
    const shortlist = await loadShortlist(ctx.db, edition, req.lng);
    const announced = isAnnounced(effectivePhase(edition, ctx.clock.now()), shortlist.decision);
    if (!announced && !res.locals.embargoExempt) throw new HttpError(404);
    if (!shortlist.winner || !shortlist.decision) throw new HttpError(404);
    res.render('results/winner', {
      stylesheets: RESULTS_CSS,
      title: res.locals.t('results.winner.title', { edition: edition.name }),
      edition,
      shortlist,
      preview: !announced,
    });
  });

  return router;
}
