import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { adminOnlyHidden, adminOrAnnounced } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString } from '../http/form-values';
import { parseId } from '../http/ids';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError, Result } from '../shared/result';
import { createResultsCache, joinReport } from './results.cache';
import { resultsEditionLoader, resultsEntryLoader } from './results.loaders';
import {
  announcePage,
  ceremonyPage,
  currentEditionId,
  entryResultsPage,
  juryReportFile,
  rankingCsvFile,
  resultsPage,
  resultsWorkbookFile,
  scoresCsvFile,
  standingOf,
  winnerPage,
  type Download,
  type ResultsPageDeps,
} from './results.pages';
import { decideLateConflict } from './late-conflicts.service';
import {
  announceSchema,
  decisionSchema,
  lateConflictSchema,
  nominationSchema,
  noteSchema,
} from './results.schemas';
import { announceResults, decideWinner, saveJuryNote, setNomination } from './results.service';
import { mailWinner } from '../notifications/moments.service';

const RESULTS_CSS = ['/assets/css/results.css'];

/** The reader's language, as the page modules take it. */
const reader = (req: Request) => ({ t: req.t, lng: req.lng });

/** A view rendered with the request's locals, as a string (the results page is sent with its report joined in). */
function renderToString(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) =>
    res.render(view, locals, (err: Error | null, html: string) => (err ? reject(err) : resolve(html))),
  );
}

/** Exports are embargoed data: never kept by a browser or proxy cache, always downloaded as a file. */
function sendDownload(res: Response, file: Download): void {
  res.setHeader('Cache-Control', 'no-store');
  res.attachment(file.filename);
  res.type(file.type).send(file.body);
}

export function resultsRoutes(ctx: AppContext): Router {
  const router = Router();
  // Every organiser's results route answers 404 to anyone else: the embargo must not reveal that results exist.
  const admin = adminOnlyHidden;
  const loadEdition = editionLoader(ctx);
  const loadEntry = resultsEntryLoader(ctx);
  const loadWinnerEdition = resultsEditionLoader(ctx);

  // One per app: the computed results, shared by the requests that arrive while they are computed, and the report
  // rendered once per ranking.
  const cache = createResultsCache({
    db: ctx.db,
    clock: ctx.clock,
    seconds: ctx.config.cacheSeconds,
    generation: ctx.writeGeneration,
  });
  const pageDeps = (res: Response): ResultsPageDeps => ({
    db: ctx.db,
    cache,
    render: (view, locals) =>
      new Promise((resolve, reject) =>
        res.app.render(view, locals, (err, html) => (err ? reject(err) : resolve(html ?? ''))),
      ),
  });
  const rankingDeps = { db: ctx.db, cache };

  /** The organisers' results page; with `form`, the decision form shown again with its errors (422). */
  const showResults = async (
    req: Request,
    res: Response,
    form?: { errors: FieldError[]; values: Record<string, unknown> },
  ) => {
    const page = await resultsPage(pageDeps(res), {
      ...reader(req),
      edition: loaded(req, 'edition'),
      showAll: firstString(req.query.all) === '1',
    });
    if (!page.ok) return answerRefusal(page);
    const { report, ...model } = page.value;
    const locals = { stylesheets: RESULTS_CSS, ...model, notice: firstString(req.query.notice) };
    if (form) {
      return renderForm(res, 'results/index', {
        ...locals,
        reportHtml: report.toString(),
        errors: form.errors,
        values: form.values,
      });
    }
    const html = await renderToString(res, 'results/index', { ...locals, errors: [] });
    res.type('html').send(joinReport(html, report));
  };

  /** One entry's results page; with `form`, a note or shortlist form shown again with its errors (422). */
  const showEntry = async (
    req: Request,
    res: Response,
    form?: { errors: FieldError[]; values?: Record<string, unknown> },
  ) => {
    const page = await entryResultsPage(rankingDeps, {
      ...reader(req),
      edition: loaded(req, 'edition'),
      entry: loaded(req, 'resultsEntry'),
    });
    if (!page.ok) return answerRefusal(page);
    const locals = { stylesheets: RESULTS_CSS, ...page.value, notice: firstString(req.query.notice) };
    if (form) {
      return renderForm(res, 'results/entry', {
        ...locals,
        errors: form.errors,
        values: form.values ?? page.value.values,
      });
    }
    res.render('results/entry', { ...locals, errors: [] });
  };

  /** The announce page; with `refused`, the refusal of an announcement that could not happen (409). */
  const showAnnounce = async (
    req: Request,
    res: Response,
    refused?: { errors: FieldError[]; mailEntrants: boolean },
  ) => {
    const page = await announcePage(ctx, {
      ...reader(req),
      edition: loaded(req, 'edition'),
      now: ctx.clock.now(),
    });
    const locals = { stylesheets: RESULTS_CSS, ...page, mailEntrants: refused?.mailEntrants ?? false };
    if (refused)
      return renderForm(res, 'results/announce', { ...locals, errors: refused.errors, status: 409 });
    res.render('results/announce', { ...locals, errors: [] });
  };

  /** The results of the current edition (the main menu's "Uitslag"). Organisers. */
  router.get('/admin/results', admin, async (_req, res) => {
    const id = await currentEditionId(ctx);
    if (id === undefined) throw new HttpError(404);
    res.redirect(303, `/admin/editions/${id}/results`);
  });

  /** The ranking with all five aggregations, ties, robustness, charts, exports and the decision form. Organisers. */
  router.get('/admin/editions/:editionId/results', admin, loadEdition, (req, res) => showResults(req, res));

  /** Records the winner (a ranked nominee) and the motivation, under the edition's fixed method; moves deliberation to decided. Organisers. */
  router.post('/admin/editions/:editionId/results/decision', admin, loadEdition, async (req, res) => {
    const edition = loaded(req, 'edition');
    const form = parseForm(decisionSchema, req.body);
    if (!form.ok) return showResults(req, res, { errors: form.errors, values: {} });
    const { winnerId, motivation } = form.data;
    const standing = await standingOf(rankingDeps, {
      ...reader(req),
      edition,
      winnerEntryId: winnerId,
    });
    if (!standing.ok) return answerRefusal(standing);
    const result = await decideWinner(ctx, {
      actor: req.user!,
      editionId: edition.id,
      winnerEntryId: winnerId,
      motivation,
      standing: standing.value,
    });
    if (!result.ok) {
      return answerRefusal(result, (errors) =>
        showResults(req, res, { errors, values: { winnerEntryId: form.data.winnerEntryId, motivation } }),
      );
    }
    res.redirect(303, `/admin/editions/${edition.id}/results?notice=decided`);
  });

  /**
   * Accepts or rejects a conflict a juror declared after scoring closed, with a reason; accepting drops the sheet
   * and records what moved in the ranking. Organisers.
   */
  router.post(
    '/admin/editions/:editionId/results/late-conflicts/:lateConflictId',
    admin,
    loadEdition,
    async (req, res) => {
      const edition = loaded(req, 'edition');
      const id = parseId(req.params.lateConflictId);
      if (id === null) throw new HttpError(404);
      const form = parseForm(lateConflictSchema, req.body);
      const values = { [`reason-${id}`]: firstString((req.body as Record<string, unknown>).reason) };
      if (!form.ok)
        return showResults(req, res, {
          errors: form.errors.map((e) => ({ ...e, field: `${e.field}-${id}` })),
          values,
        });
      const result = await decideLateConflict(ctx, {
        actor: req.user!,
        editionId: edition.id,
        lateConflictId: id,
        decision: form.data.decision,
        reason: form.data.reason,
      });
      if (!result.ok) return answerRefusal(result, (errors) => showResults(req, res, { errors, values }));
      res.redirect(
        303,
        `/admin/editions/${edition.id}/results?notice=late${form.data.decision}#late-conflicts`,
      );
    },
  );

  /** One entry in deliberation: its numbers per juror, the jurors' comments, the jury note and the shortlist. Organisers. */
  router.get(
    '/admin/editions/:editionId/results/entries/:entryId',
    admin,
    loadEdition,
    loadEntry,
    (req, res) => showEntry(req, res),
  );

  /** A change to one entry in deliberation (its note, its place on the shortlist): parse, save, back to the entry. */
  const deliberate =
    <F>(
      parse: (body: unknown) => { ok: true; data: F } | { ok: false; errors: FieldError[] },
      save: (req: Request, data: F) => Promise<Result>,
      kept: (data: F) => Record<string, unknown>,
      notice: string,
    ) =>
    async (req: Request, res: Response) => {
      const form = parse(req.body);
      if (!form.ok) return showEntry(req, res, { errors: form.errors });
      const result = await save(req, form.data);
      if (!result.ok)
        return answerRefusal(result, (errors) => showEntry(req, res, { errors, values: kept(form.data) }));
      const edition = loaded(req, 'edition');
      const entry = loaded(req, 'resultsEntry');
      res.redirect(303, `/admin/editions/${edition.id}/results/entries/${entry.id}?notice=${notice}`);
    };
  const target = (req: Request) => ({
    actor: req.user!,
    editionId: loaded(req, 'edition').id,
    entryId: loaded(req, 'resultsEntry').id,
  });

  /** Saves the jury's note on an entry. Organisers, during deliberation. */
  router.post(
    '/admin/editions/:editionId/results/entries/:entryId/note',
    admin,
    loadEdition,
    loadEntry,
    deliberate(
      (body) => parseForm(noteSchema, body),
      (req, { note }) => saveJuryNote(ctx, { ...target(req), note }),
      ({ note }) => ({ note, kind: '' }),
      'noteSaved',
    ),
  );

  /** Puts the entry on the shortlist (nominee, honourable mention) or takes it off. Organisers, during deliberation. */
  router.post(
    '/admin/editions/:editionId/results/entries/:entryId/nomination',
    admin,
    loadEdition,
    loadEntry,
    deliberate(
      (body) => parseForm(nominationSchema, body),
      (req, { kind }) => setNomination(ctx, { ...target(req), kind }),
      () => ({}),
      'nominationSaved',
    ),
  );

  /** An export of the ranking (under the edition's fixed rules, as on the page) as a file download. */
  const download =
    (build: typeof juryReportFile) =>
    async (req: Request, res: Response): Promise<void> => {
      const file = await build(rankingDeps, {
        ...reader(req),
        edition: loaded(req, 'edition'),
        now: ctx.clock.now(),
      });
      if (!file.ok) return answerRefusal(file);
      sendDownload(res, file.value);
    };

  /** The ranking as CSV. Organisers. */
  router.get('/admin/editions/:editionId/results.csv', admin, loadEdition, download(rankingCsvFile));
  /** Every counted score as CSV. Organisers. */
  router.get('/admin/editions/:editionId/scores.csv', admin, loadEdition, download(scoresCsvFile));
  /** Ranking, scores, entries, jurors and conflicts as one XLSX workbook. Organisers. */
  router.get('/admin/editions/:editionId/results.xlsx', admin, loadEdition, download(resultsWorkbookFile));
  /** The jury report as PDF, comments without names. Organisers. */
  router.get('/admin/editions/:editionId/jury-report.pdf', admin, loadEdition, download(juryReportFile));

  /** What announcing will publish, with the option to mail all entrants; asks for confirmation. Organisers. */
  router.get('/admin/editions/:editionId/announce', admin, loadEdition, (req, res) => showAnnounce(req, res));

  /** Announces: publishes the winner page, marks the edition announced, optionally mails entrants. Organisers. */
  router.post('/admin/editions/:editionId/announce', admin, loadEdition, async (req, res) => {
    const edition = loaded(req, 'edition');
    const form = parseForm(announceSchema, req.body);
    const mailEntrants = form.ok && form.data.mailEntrants;
    const outcome = await announceResults(ctx, { actor: req.user!, editionId: edition.id, mailEntrants });
    if (!outcome.ok) {
      // Not ready, or announced already (a second click, another organiser): the announce page says where things
      // stand, with status 409.
      if (outcome.refusal === 'conflict')
        return showAnnounce(req, res, { errors: outcome.errors, mailEntrants });
      return answerRefusal(outcome);
    }
    // The winner's personal mail, now that the announcement committed (the embargo is over).
    await mailWinner(ctx, { actor: req.user!, editionId: edition.id });
    const notice = outcome.value.mailFailures
      ? 'announcedMailFailures'
      : mailEntrants
        ? 'announcedMailed'
        : 'announced';
    res.redirect(303, `/admin/editions/${edition.id}/results?notice=${notice}`);
  });

  /** Ceremony mode for the projector: nominees one by one, then the winner; ?step=N without JavaScript. Organisers. */
  router.get('/admin/editions/:editionId/ceremony', admin, loadEdition, async (req, res) => {
    const page = await ceremonyPage(ctx, {
      ...reader(req),
      edition: loaded(req, 'edition'),
      now: ctx.clock.now(),
      step: req.query.step,
    });
    res.render('results/ceremony', { layout: false, ...page });
  });

  /**
   * The public winner page: winner, project summary, motivation, nominees. Anyone once announced; before that
   * only organisers (a preview) and 404 for everyone else (the loader keeps the embargo).
   */
  router.get(
    '/edities/:year/winnaar',
    adminOrAnnounced,
    ctx.publicPage,
    loadWinnerEdition,
    async (req, res) => {
      const page = await winnerPage(ctx, {
        ...reader(req),
        edition: loaded(req, 'resultsEdition'),
        now: ctx.clock.now(),
      });
      if (!page.ok) return answerRefusal(page);
      res.render('results/winner', { stylesheets: RESULTS_CSS, ...page.value });
    },
  );

  return router;
}
