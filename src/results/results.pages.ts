/**
 * View models of the results pages and the files they offer, built from the loaded records, the moment and the
 * reader's language. No HTTP here (no req, no res), so each page can be tested without it. The organisers' pages
 * read the ranking through the results cache (results.cache.ts); the ceremony, the announce page and the public
 * winner page need only the shortlist.
 */
import type { TFunction } from 'i18next';
import type { AppContext } from '../context';
import { findCurrentEdition, listRuleChanges } from '../editions/edition.repo';
import { exportAnswers } from '../entries/question.pages';
import type { LateConflict } from '../jury/late-conflict.repo';
import type { ConflictDecision, EditionJuror, RankingMoves } from '../jury/jury.types';
import type { Edition, RuleChange } from '../editions/edition.types';
import { effectivePhase, type Phase } from '../editions/phase';
import { localeOf } from '../i18n/pick';
import { ok, refuse, type Result } from '../shared/result';
import { formatDateTime, type Lng } from '../shared/time';
import { audiencePrize, type AudiencePrize } from '../vote/vote.pages';
import { ceremonySteps, stepIndex, type CeremonyStep } from './ceremony';
import type { ResultDecision } from './deliberation.types';
import { rankingCsv, scoresCsv } from './export.csv';
import { juryReportPdf, type ReportComment } from './export.pdf';
import { exportExtras } from './export.extras';
import { resultsWorkbook } from './export.xlsx';
import type { ResultsCache } from './results.cache';
import { REPORT_SLOT } from './results.cache';
import { listEntrantRecipients, listFinalComments, type CountedEntry } from './results.repo';
import {
  announceProblems,
  isAnnounced,
  mayDeliberate,
  MOTIVATION_MAX,
  NOTE_MAX,
  type AnnounceProblem,
} from './results.rules';
import {
  decisionStanding,
  loadShortlist,
  type DecisionStanding,
  type EditionResults,
  type Shortlist,
} from './results.service';
import { AGGREGATIONS, type Aggregation } from './results.types';
import {
  buildCharts,
  criterionName,
  formatScore,
  type ResultsEntry,
  type ResultsView,
  type ResultsViewRow,
  type ScoreSheetView,
} from './results.view';

type Db = Pick<AppContext, 'db'>;
/** What the pages that show the ranking need: the database and the kept results. */
export type RankingDeps = Db & { cache: Pick<ResultsCache, 'results'> };
/** The organisers' results page also keeps its report, rendered with `render`. */
export type ResultsPageDeps = Db & {
  cache: ResultsCache;
  /**
   * Renders a view with only the locals given (app.render, not res.render): the kept report is shown to every
   * organiser until the ranking changes, so it must never hold one request's CSRF token or user.
   */
  render: (view: string, locals: Record<string, unknown>) => Promise<string>;
};
/** The reader's language: the catalogue's `t` and the language it is for. */
export interface Reader {
  t: TFunction;
  lng: Lng;
}

/** Rows the ranking tables show unless all are asked for (?all=1); the exports always hold every entry. */
export const TABLE_LIMIT = 50;

/** The edition whose results the main menu's "Uitslag" opens: the current one, if any. */
export async function currentEditionId(deps: Db): Promise<number | undefined> {
  return (await findCurrentEdition(deps.db))?.id;
}

// --- the organisers' results page ---

export interface ResultsPage {
  title: string;
  edition: Edition;
  phase: Phase;
  view: ResultsView;
  aggregations: readonly Aggregation[];
  /** The shortlist and the decision may still change. */
  deliberating: boolean;
  announced: boolean;
  announceReady: boolean;
  nominees: ResultsViewRow[];
  mentions: ResultsViewRow[];
  decidedWinner: ResultsViewRow | null;
  /** Conflicts declared after scoring closed: pending ones to decide, decided ones with what moved. */
  lateConflicts: LateConflictView[];
  /** Conflicts an organiser added or lifted after scoring closed, with what each moved. */
  rankingChanges: RankingChangeView[];
  /** The decision form as stored (a re-rendered form shows what was posted instead). */
  values: { winnerEntryId: number | ''; motivation: string };
  motivationMax: number;
  /** Where the view puts the report: REPORT_SLOT, replaced by `report` when the page is sent (joinReport). */
  reportHtml: string;
  /** The part of the page that follows from the ranking alone (_report.ejs), rendered once per ranking. */
  report: Buffer;
}

/** What _report.ejs reads: only what follows from the ranking and the language, never a request's locals. */
function reportLocals(computed: EditionResults, showAll: boolean, reader: Reader): Record<string, unknown> {
  const { view } = computed;
  return {
    t: reader.t,
    lng: reader.lng,
    layout: false,
    edition: computed.data.edition,
    view,
    aggregations: AGGREGATIONS,
    shownRows: showAll ? view.rows : view.rows.slice(0, TABLE_LIMIT),
    showAll,
    tableLimit: TABLE_LIMIT,
    charts: buildCharts(view, reader.t, reader.lng),
    fmt: (value: number | null) => formatScore(value, reader.lng),
  };
}

/**
 * The ranking with all five aggregations, ties, robustness, charts and exports (the kept report), and the
 * deliberation: shortlist, decision form, the way to the announcement and the ceremony.
 */
export async function resultsPage(
  deps: ResultsPageDeps,
  input: Reader & { edition: Edition; showAll: boolean },
): Promise<Result<ResultsPage>> {
  const computed = await deps.cache.results(input);
  if (!computed.ok) return computed;
  const { data, view } = computed.value;
  const decision = data.decision;
  const report = await deps.cache.report(computed.value, input.showAll ? 'all' : 'top', () =>
    deps.render('results/_report', reportLocals(computed.value, input.showAll, input)),
  );
  return ok({
    title: input.t('results.title'),
    edition: data.edition,
    phase: data.phase,
    view,
    aggregations: AGGREGATIONS,
    deliberating: mayDeliberate(data.phase) && !decision?.announcedAt,
    announced: isAnnounced(data.phase, decision),
    announceReady: announceProblems({ phase: data.phase, decision }).length === 0,
    nominees: view.rows.filter((row) => row.nomination === 'nominee'),
    mentions: view.rows.filter((row) => row.nomination === 'honourable_mention'),
    decidedWinner: decision
      ? (view.rows.find((row) => row.entry.id === decision.winnerEntryId) ?? null)
      : null,
    lateConflicts: lateConflictViews(data.lateConflicts, view, input),
    rankingChanges: rankingChangeViews(
      { decisions: data.conflicts.decisions, ruleChanges: data.ruleChanges, jurors: data.jurors },
      view,
      input,
    ),
    values: {
      winnerEntryId: decision?.winnerEntryId ?? '',
      motivation: decision?.motivation ?? '',
    },
    motivationMax: MOTIVATION_MAX,
    reportHtml: REPORT_SLOT,
    report,
  });
}

export interface LateConflictView {
  id: number;
  juror: string;
  entry: string;
  reason: string;
  declaredAt: Date;
  status: LateConflict['status'];
  decidedBy: string | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  /** What accepting it moved, in words: one line per entry that changed place, the winner first if it changed. */
  moves: string[];
}

/** Names entries and places for the words of a ranking change. */
function movesWording(view: Pick<ResultsView, 'rows'>, reader: Reader) {
  const label = (entryId: number | null) => {
    if (entryId === null) return reader.t('results.late.nobody');
    const row = view.rows.find((candidate) => candidate.entry.id === entryId);
    return row ? `${row.entry.numberLabel} ${row.entry.title}` : `#${entryId}`;
  };
  const place = (rank: number | null) => (rank === null ? reader.t('results.late.unranked') : String(rank));
  /** One line per entry that changed place, the winner first if it changed; "nothing moved" otherwise. */
  const words = (moves: RankingMoves): string[] => {
    const lines: string[] = [];
    if (moves.winnerBefore !== moves.winnerAfter)
      lines.push(
        reader.t('results.late.winnerChanged', {
          before: label(moves.winnerBefore),
          after: label(moves.winnerAfter),
        }),
      );
    for (const move of moves.moved)
      lines.push(
        reader.t('results.late.moved', {
          entry: label(move.entryId),
          before: place(move.before),
          after: place(move.after),
        }),
      );
    if (lines.length === 0) lines.push(reader.t('results.late.nothingMoved'));
    return lines;
  };
  return { label, words };
}

/** The late conflicts as the results page shows them, their moves put into words with the entries' labels. */
export function lateConflictViews(
  lateConflicts: readonly LateConflict[],
  view: Pick<ResultsView, 'rows'>,
  reader: Reader,
): LateConflictView[] {
  const { label, words } = movesWording(view, reader);
  return lateConflicts.map((late) => ({
    id: late.id,
    juror: late.jurorName,
    entry: label(late.entryId),
    reason: late.reason,
    declaredAt: late.declaredAt,
    status: late.status,
    decidedBy: late.decidedByName,
    decisionReason: late.decisionReason,
    decidedAt: late.decidedAt,
    moves: late.moves ? words(late.moves) : [],
  }));
}

export interface RankingChangeView {
  /** Unique on the page: "conflict-12", "rules-3". */
  key: string;
  kind: 'organiser_added' | 'organiser_lifted' | 'rules';
  /** The heading: "juror – entry", or the rule that changed. */
  title: string;
  /** Who did what when, in one sentence. */
  sentence: string;
  reason: string;
  at: Date;
  /** What it moved, in words (as for late conflicts). */
  moves: string[];
}

/**
 * Every change an organiser made after scoring closed, with what it moved in the ranking (kept with the change when
 * it was made: conflict.service.ts decideConflict, edition.service.ts updateEdition), oldest first: conflicts added
 * or lifted, and changes to the aggregation or the minimum.
 */
export function rankingChangeViews(
  input: {
    decisions: readonly ConflictDecision[];
    ruleChanges: readonly RuleChange[];
    jurors: ReadonlyArray<Pick<EditionJuror, 'userId' | 'name'>>;
  },
  view: Pick<ResultsView, 'rows'>,
  reader: Reader,
): RankingChangeView[] {
  const { label, words } = movesWording(view, reader);
  const { t } = reader;
  const jurorName = new Map(input.jurors.map((juror) => [juror.userId, juror.name]));
  const date = (at: Date) => formatDateTime(at, reader.lng);
  const conflicts = input.decisions.flatMap((decision): RankingChangeView[] => {
    if (!decision.moves || decision.kind === 'declared') return [];
    const juror = jurorName.get(decision.jurorId) ?? `#${decision.jurorId}`;
    const entry = label(decision.entryId);
    return [
      {
        key: `conflict-${decision.id}`,
        kind: decision.kind,
        title: `${juror} – ${entry}`,
        sentence: t(`results.changes.${decision.kind}`, {
          name: decision.decidedByName ?? '–',
          date: date(decision.createdAt),
          juror,
          entry,
        }),
        reason: decision.reason,
        at: decision.createdAt,
        moves: words(decision.moves),
      },
    ];
  });
  const rules = input.ruleChanges.flatMap((change): RankingChangeView[] => {
    if (!change.moves) return [];
    const value = (v: string) => (change.field === 'aggregation' ? t(`results.aggregations.${v}`) : v);
    const field = t(`results.report.ruleFields.${change.field}`);
    return [
      {
        key: `rules-${change.id}`,
        kind: 'rules',
        title: field,
        sentence: t('results.changes.rules', {
          name: change.changedByName ?? '–',
          date: date(change.changedAt),
          field,
          before: value(change.before),
          after: value(change.after),
        }),
        reason: change.reason,
        at: change.changedAt,
        moves: words(change.moves),
      },
    ];
  });
  return [...conflicts, ...rules].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Where the chosen winner stands in the ranking under the aggregation the jury used (for the decision's audit). */
export async function standingOf(
  deps: RankingDeps,
  input: Reader & { edition: Edition; winnerEntryId: number | null },
): Promise<Result<DecisionStanding>> {
  const computed = await deps.cache.results(input);
  if (!computed.ok) return computed;
  return ok(decisionStanding(computed.value, input.winnerEntryId));
}

// --- one entry in deliberation ---

export interface EntryResultsPage {
  title: string;
  edition: Edition;
  view: ResultsView;
  row: ResultsViewRow;
  /** Every method, in the page's order (the edition's fixed one among them). */
  aggregations: readonly Aggregation[];
  sheets: ScoreSheetView[];
  /** The jurors' comments on counted sheets, with the juror's name (organisers only; the PDF leaves names out). */
  comments: Array<{ juror: string; criterion: string | null; text: string }>;
  /** Jurors whose score does not count because of a conflict now. */
  conflicted: Array<{ name: string }>;
  fmt: (value: number | null) => string;
  deliberating: boolean;
  isWinner: boolean;
  /** The note and shortlist forms as stored. */
  values: { note: string; kind: string };
  noteMax: number;
}

/** One entry of the ranking: its numbers per juror, the jurors' comments, the jury note and the shortlist form. */
export async function entryResultsPage(
  deps: RankingDeps,
  input: Reader & { edition: Edition; entry: Pick<CountedEntry, 'id'> },
): Promise<Result<EntryResultsPage>> {
  const computed = await deps.cache.results(input);
  if (!computed.ok) return computed;
  const { data, view } = computed.value;
  const row = view.rows.find((candidate) => candidate.entry.id === input.entry.id);
  // Loaded as counted, but gone from the ranking since (e.g. withdrawn meanwhile).
  if (!row) return refuse('notFound', 'errors.404.message');
  const sheets = view.sheetsOf(row.entry.id);
  const counted = new Set(sheets.map((sheet) => sheet.jurorId));
  const comments = (await listFinalComments(deps.db, data.edition.id, [row.entry.id])).filter((c) =>
    counted.has(c.jurorId),
  );
  const jurorName = new Map(view.jurors.map((juror) => [juror.id, juror.name]));
  return ok({
    title: row.entry.title,
    edition: data.edition,
    view,
    row,
    aggregations: AGGREGATIONS,
    sheets,
    comments: comments.map((c) => ({
      juror: jurorName.get(c.jurorId) ?? '',
      criterion:
        c.criterionId === null ? null : (view.criteria.find((k) => k.id === c.criterionId)?.name ?? ''),
      text: c.text,
    })),
    conflicted: data.jurors.filter((juror) => data.conflicts.isConflicted(juror.userId, row.entry.id)),
    fmt: (value: number | null) => formatScore(value, input.lng),
    deliberating: mayDeliberate(data.phase) && !data.decision?.announcedAt,
    isWinner: data.decision?.winnerEntryId === row.entry.id,
    values: { note: row.note, kind: row.nomination ?? 'none' },
    noteMax: NOTE_MAX,
  });
}

// --- announcing, the ceremony and the public winner page ---

export interface AnnouncePage {
  title: string;
  edition: Edition;
  phase: Phase;
  shortlist: Shortlist;
  /** Empty when the result may be announced now. */
  problems: AnnounceProblem[];
  /** How many addresses the optional mail to entrants would go to (0 while not ready). */
  recipients: number;
}

/** What announcing will publish (the winner page as a preview), and how many entrants a mail would reach. */
export async function announcePage(
  deps: Db,
  input: Reader & { edition: Edition; now: Date },
): Promise<AnnouncePage> {
  const { edition } = input;
  const phase = effectivePhase(edition, input.now);
  const shortlist = await loadShortlist(deps.db, edition, input.lng);
  const problems = announceProblems({ phase, decision: shortlist.decision });
  return {
    title: input.t('results.announce.title'),
    edition,
    phase,
    shortlist,
    problems,
    recipients: problems.length ? 0 : (await listEntrantRecipients(deps.db, edition.id)).length,
  };
}

export interface CeremonyPage {
  title: string;
  edition: Edition;
  steps: CeremonyStep[];
  /** The step shown (?step=N, kept within the steps). */
  step: number;
  announced: boolean;
}

/** The ceremony for the projector: nominees one by one, then the winner; `step` as asked for in the address. */
export async function ceremonyPage(
  deps: Db,
  input: Reader & { edition: Edition; now: Date; step: unknown },
): Promise<CeremonyPage> {
  const { edition } = input;
  const [shortlist, audience] = await Promise.all([
    loadShortlist(deps.db, edition, input.lng),
    audiencePrize(deps, { editionId: edition.id, now: input.now }),
  ]);
  const steps = ceremonySteps(shortlist, audience);
  return {
    title: input.t('results.ceremony.title'),
    edition,
    steps,
    step: stepIndex(input.step, steps.length),
    announced: isAnnounced(effectivePhase(edition, input.now), shortlist.decision),
  };
}

export interface WinnerPage {
  title: string;
  edition: Edition;
  shortlist: Shortlist & { winner: ResultsEntry; decision: ResultDecision };
  /** The audience prize, once its vote has closed. */
  audience: AudiencePrize | null;
  /** Not announced yet: an organiser's preview. */
  preview: boolean;
}

/**
 * The public winner page: winner, project summary, motivation, nominees. The loader (results.loaders.ts) lets only
 * organisers through before the announcement; without a recorded winner there is no page (404).
 */
export async function winnerPage(
  deps: Db,
  input: Reader & { edition: Edition; now: Date },
): Promise<Result<WinnerPage>> {
  const { edition } = input;
  const [shortlist, audience] = await Promise.all([
    loadShortlist(deps.db, edition, input.lng),
    audiencePrize(deps, { editionId: edition.id, now: input.now }),
  ]);
  const { winner, decision } = shortlist;
  if (!winner || !decision) return refuse('notFound', 'errors.404.message');
  return ok({
    title: input.t('results.winner.title', { edition: edition.name }),
    edition,
    shortlist: { ...shortlist, winner, decision },
    audience,
    preview: !isAnnounced(effectivePhase(edition, input.now), decision),
  });
}

// --- the files ---

/** A file to download: its bytes, its media type and the name it is saved under. */
export interface Download {
  body: string | Buffer;
  type: string;
  filename: string;
}

const fileStem = (edition: Edition, what: string) => `innovatieprijs-${edition.year}-${what}`;
const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * What every export adds to the numbers: conflicts in the conflict table's words, the jurors' comments on counted
 * sheets (one query for all entries), jurors named by pseudonym in a blind edition.
 */
async function extrasFor(deps: Db, computed: EditionResults, reader: Reader) {
  const { data, view } = computed;
  const counted = (jurorId: number, entryId: number) => view.scoreOf(jurorId, entryId) !== undefined;
  const comments = (
    await listFinalComments(
      deps.db,
      data.edition.id,
      view.rows.map((row) => row.entry.id),
    )
  ).filter((c) => counted(c.jurorId, c.entryId));
  const answers = await exportAnswers(deps, {
    editionId: data.edition.id,
    entryIds: view.rows.map((row) => row.entry.id),
    lng: reader.lng,
    t: reader.t,
  });
  return exportExtras({ data, comments, answers, t: reader.t, lng: reader.lng });
}

/** The ranking as CSV, under the edition's fixed method, in the reader's spreadsheet dialect. */
export async function rankingCsvFile(
  deps: RankingDeps,
  input: Reader & { edition: Edition },
): Promise<Result<Download>> {
  const computed = await deps.cache.results(input);
  if (!computed.ok) return computed;
  const { view } = computed.value;
  const extras = await extrasFor(deps, computed.value, input);
  return ok({
    body: rankingCsv(view, input.t, input.lng, { conflictsOf: extras.conflictsOf, answers: extras.answers }),
    type: CSV,
    filename: `${fileStem(input.edition, input.t('results.files.ranking'))}-${view.aggregation}.csv`,
  });
}

/** Every counted score as CSV, one line per juror and entry. */
export async function scoresCsvFile(
  deps: RankingDeps,
  input: Reader & { edition: Edition },
): Promise<Result<Download>> {
  const computed = await deps.cache.results(input);
  if (!computed.ok) return computed;
  const extras = await extrasFor(deps, computed.value, input);
  return ok({
    body: scoresCsv(computed.value.view, input.t, input.lng, extras),
    type: CSV,
    filename: `${fileStem(input.edition, input.t('results.files.scores'))}.csv`,
  });
}

/** Ranking, scores, entries, jurors and conflicts as one XLSX workbook. */
export async function resultsWorkbookFile(
  deps: RankingDeps,
  input: Reader & { edition: Edition },
): Promise<Result<Download>> {
  const computed = await deps.cache.results(input);
  if (!computed.ok) return computed;
  const { view, data } = computed.value;
  return ok({
    body: await resultsWorkbook({
      view,
      data,
      t: input.t,
      lng: input.lng,
      extras: await extrasFor(deps, computed.value, input),
    }),
    type: XLSX,
    filename: `${fileStem(input.edition, input.t('results.files.ranking'))}-${view.aggregation}.xlsx`,
  });
}

/** The jury report as PDF: the ranking, the shortlist and the decision, and the comments without names. */
export async function juryReportFile(
  deps: RankingDeps,
  input: Reader & { edition: Edition; now: Date },
): Promise<Result<Download>> {
  const computed = await deps.cache.results(input);
  if (!computed.ok) return computed;
  const { view, data } = computed.value;
  const discussed = view.rows.filter(
    (row) => row.nomination || row.entry.id === data.decision?.winnerEntryId,
  );
  const counted = (jurorId: number, entryId: number) => view.scoreOf(jurorId, entryId) !== undefined;
  const collator = new Intl.Collator(localeOf(input.lng));
  const comments: ReportComment[] = (
    await listFinalComments(
      deps.db,
      data.edition.id,
      discussed.map((row) => row.entry.id),
    )
  )
    .filter((c) => counted(c.jurorId, c.entryId))
    .map((c) => {
      const criterion = c.criterionId === null ? null : data.criteria.find((k) => k.id === c.criterionId);
      return {
        entryId: c.entryId,
        criterionName: criterion ? criterionName(criterion, input.lng) : null,
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
  const ruleChanges = await listRuleChanges(deps.db, data.edition.id);
  return ok({
    body: await juryReportPdf({
      view,
      data,
      comments,
      ruleChanges,
      t: input.t,
      lng: input.lng,
      now: input.now,
    }),
    type: 'application/pdf',
    filename: `${fileStem(input.edition, input.t('results.files.report'))}.pdf`,
  });
}
