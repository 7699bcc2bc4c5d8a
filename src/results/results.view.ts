/**
 * Turns one computeResults output into what people read: rows with entry labels, the numbers rounded for display
 * (roundForDisplay, nowhere else), tie and robustness explanations in words. The results page, the ceremony, the
 * CSV, the XLSX and the PDF all take their numbers from a ResultsView, so they cannot disagree.
 */
import type { TFunction } from 'i18next';
import type { Criterion } from '../editions/edition.types';
import { localeOf, pick } from '../i18n/pick';
import type { EditionJuror } from '../jury/jury.types';
import type { Lng } from '../shared/time';
import type { JuryNote, NominationKind, ResultDecision } from './deliberation.types';
import { criterionBreakdownChart, heatMapChart, scoreBarChart } from './charts';
import type { EntryExclusions, PairRef, RankingInput } from './inputs';
import { toDisplayValue } from './aggregate';
import { roundForDisplay } from './rounding';
import {
  AGGREGATIONS,
  type Aggregation,
  type RankDecision,
  type Results,
  type RobustnessCheck,
  type Standing,
  type TieBreakRule,
  type WeightedSheet,
} from './results.types';

/** An entry as the results show it. */
export interface ResultsEntry {
  id: number;
  /** "2027-014" */
  numberLabel: string;
  title: string;
  organisationName: string;
  summary: string;
  consentPublish: boolean;
}

export interface AggregationCell {
  rank: number;
  /** Display value, 2 decimals (see toDisplayValue for the scale of each aggregation). */
  score: number;
}

export interface CriterionCell {
  criterionId: number;
  /** Mean on the edition's own scale, 2 decimals; null without scores. */
  mean: number | null;
  /** The same mean on 0..100, 2 decimals (what the charts draw and the criterion tie-break compares). */
  normalisedMean: number | null;
}

export interface ResultsViewRow {
  entry: ResultsEntry;
  ranked: boolean;
  /** Scored by fewer jurors than the edition's minimum: shown apart, no rank, cannot win. */
  tooFewScores: boolean;
  /** Under the chosen aggregation; null when nobody scored the entry. */
  rank: number | null;
  score: number | null;
  byAggregation: Record<Aggregation, AggregationCell> | null;
  /** Share of the bootstrap rounds this entry came first (0..100, whole percent), and its 95 % interval (display scale). */
  winPercent: number | null;
  interval: { low: number; high: number } | null;
  /** Number of scores that count. */
  n: number;
  /** Sample standard deviation of the weighted scores (0..100), 2 decimals; null below 2 scores. */
  sd: number | null;
  /** Mean weighted score, 2 decimals (also shown when another aggregation is chosen). */
  mean: number | null;
  min: number | null;
  max: number | null;
  firstPlaces: number;
  criteria: CriterionCell[];
  abstained: number;
  conflictedJurors: number;
  decidedBy: RankDecision | null;
  /** In words: why this entry has its place when it was tied; null when the score alone decided. */
  tieNote: string | null;
  nomination: NominationKind | null;
  note: string;
}

export interface ScoreSheetView {
  entry: ResultsEntry;
  jurorId: number;
  jurorName: string;
  values: number[];
  /** Weighted score 0..100, 2 decimals. */
  score: number;
}

export interface RobustnessLine {
  label: string;
  same: boolean;
  outcome: string;
}

export interface ResultsView {
  aggregation: Aggregation;
  /** The edition's minimum number of final scores per entry. */
  minScores: number;
  rows: ResultsViewRow[];
  rankedRows: ResultsViewRow[];
  /** Entries shown apart: scored, but by fewer jurors than the minimum. */
  tooFewRows: ResultsViewRow[];
  criteria: Array<{ id: number; name: string; weight: number }>;
  /** The edition's tie-break rules in words, in order. */
  tieRules: string[];
  /** The entry alone at rank 1 under the chosen aggregation; null when rank 1 is shared or nobody scored. */
  computedWinner: ResultsViewRow | null;
  robustness: {
    verdict: 'robust' | 'notRobust' | 'noWinner';
    /** One sentence: "robust", or exactly what flips it. */
    summary: string;
    /** The same without juror names (for the jury report): how many left-out jurors flip it, not who. */
    anonymousSummary: string;
    lines: RobustnessLine[];
  };
  /** Jurors with at least one counted score. */
  jurors: Array<{ id: number; name: string }>;
  /** The bootstrap in one sentence per leading entry ("B wint in 71 % van de herberekeningen"), and its method. */
  uncertainty: { rounds: number; statement: string; lines: string[] };
  /** How complete the juror × entry matrix is, and what that means for the methods, in words. */
  coverage: { share: number; partial: boolean; components: number; note: string | null };
  /** Jurors left out of z-score and Borda, with the reason in words ("Anna (beoordeelde één inzending)"). */
  degenerateJurors: Array<{ id: number; name: string; reason: 'singleEntry' | 'noSpread'; text: string }>;
  /** A juror's weighted score (2 decimals) for an entry; undefined when it is not a counted score. */
  scoreOf(jurorId: number, entryId: number): number | undefined;
  /** The counted sheets of one entry, by juror. */
  sheetsOf(entryId: number): ScoreSheetView[];
  /** Every counted sheet: the values per criterion (in the order of `criteria`) and the weighted score. */
  readonly sheets: ScoreSheetView[];
  sheetCount: number;
  dropped: { conflict: PairRef[]; notOnJury: PairRef[]; incomplete: PairRef[] };
  decision: ResultDecision | null;
}

// Built once: creating an Intl.NumberFormat per number cost more than the whole ranking on large editions.
const scoreFormat = (lng: Lng) =>
  new Intl.NumberFormat(localeOf(lng), {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    useGrouping: false,
  });
const SCORE_FORMATS: Record<Lng, Intl.NumberFormat> = { nl: scoreFormat('nl'), en: scoreFormat('en') };

/** "1,23" or "1.23": 2 decimals in the reader's language; a dash for no value. */
export function formatScore(value: number | null, lng: Lng): string {
  return value === null ? '–' : SCORE_FORMATS[lng].format(value);
}

const display = (value: number | null): number | null => (value === null ? null : roundForDisplay(value));

export function criterionName(criterion: Pick<Criterion, 'nameNl' | 'nameEn'>, lng: Lng): string {
  return pick(lng, criterion.nameNl, criterion.nameEn);
}

export function ruleText({
  rule,
  criteria,
  t,
  lng,
}: {
  rule: TieBreakRule;
  criteria: readonly Criterion[];
  t: TFunction;
  lng: Lng;
}): string {
  if (rule.kind === 'criterion') {
    const criterion = criteria.find((c) => c.id === rule.criterionId);
    return t('results.tieRules.criterion', { name: criterion ? criterionName(criterion, lng) : '?' });
  }
  return rule.kind === 'firstPlaces' ? t('results.tieRules.firstPlaces') : t('results.tieRules.juryDecision');
}

interface Context {
  t: TFunction;
  lng: Lng;
  criteria: readonly Criterion[];
  label: (entryId: number) => string;
}

function tieNote(context: Context, standing: Standing): string | null {
  const { t } = context;
  const list = (ids: readonly number[]) => ids.map(context.label).join(', ');
  const steps = standing.tieBreakSteps.map((step) =>
    t('results.tie.step', {
      rule: ruleText({ rule: step.rule, criteria: context.criteria, t, lng: context.lng }),
      others: list(step.against),
    }),
  );
  switch (standing.decidedBy) {
    case 'score':
      return null;
    case 'tieBreak':
      return steps.join(' ');
    case 'juryDecision':
      return [...steps, t('results.tie.juryDecision', { others: list(standing.tiedWith) })].join(' ');
    case 'exAequo':
      return [...steps, t('results.tie.exAequo', { others: list(standing.tiedWith) })].join(' ');
  }
}

function robustnessView(context: Context & { results: Results; jurorName: (id: number) => string }) {
  const { t, results } = context;
  const { robustness } = results;
  const aggregationLabel = (a: Aggregation) => t(`results.aggregations.${a}`);
  const outcome = (check: RobustnessCheck) =>
    check.same
      ? t('results.robustness.sameWinner')
      : check.winnerEntryId === null
        ? t('results.robustness.noUniqueWinner')
        : t('results.robustness.otherWinner', { entry: context.label(check.winnerEntryId) });
  const lines: RobustnessLine[] = robustness.checks.map((check) => ({
    label:
      check.kind === 'aggregation'
        ? t('results.robustness.withAggregation', { aggregation: aggregationLabel(check.aggregation) })
        : t('results.robustness.withoutJuror', { juror: context.jurorName(check.jurorId) }),
    same: check.same,
    outcome: outcome(check),
  }));
  if (robustness.winnerEntryId === null) {
    const summary = t('results.robustness.noWinnerSummary');
    return { verdict: 'noWinner' as const, summary, anonymousSummary: summary, lines };
  }
  const entry = context.label(robustness.winnerEntryId);
  if (robustness.robust) {
    const summary = t('results.robustness.robustSummary', { entry, jurors: results.jurorIds.length });
    return { verdict: 'robust' as const, summary, anonymousSummary: summary, lines };
  }
  const flips = robustness.checks.flatMap((check, index) =>
    check.same ? [] : [{ check, line: lines[index]! }],
  );
  const aggregationFlips = flips.filter(({ check }) => check.kind === 'aggregation');
  const leaveOutFlips = flips.filter(({ check }) => check.kind === 'leaveOut');
  const describe = (items: typeof flips) => items.map(({ line }) => `${line.label}: ${line.outcome}`);
  return {
    verdict: 'notRobust' as const,
    summary: t('results.robustness.notRobustSummary', { entry, changes: describe(flips).join('; ') }),
    anonymousSummary: t('results.robustness.notRobustSummary', {
      entry,
      changes: [
        ...describe(aggregationFlips),
        ...(leaveOutFlips.length
          ? [
              t('results.robustness.leaveOutFlips', {
                count: leaveOutFlips.length,
                total: results.jurorIds.length,
              }),
            ]
          : []),
      ].join('; '),
    }),
    lines,
  };
}

/**
 * Partial coverage (not every juror scored every ranked entry) is exactly when the mean misleads: a lenient juror
 * on a subset lifts those entries. The page says so plainly and names the methods that account for it.
 */
/** The entries that won any round, most wins first, in words; and how it was computed. */
function uncertaintyView(
  rows: readonly ResultsViewRow[],
  results: Results,
  t: TFunction,
  lng: Lng,
): ResultsView['uncertainty'] {
  const fmt = (value: number) => formatScore(value, lng);
  const winners = rows
    .filter((row) => (row.winPercent ?? 0) > 0)
    .sort((a, b) => (b.winPercent ?? 0) - (a.winPercent ?? 0) || (a.rank ?? 0) - (b.rank ?? 0))
    .slice(0, 5);
  const lines = winners.map((row) =>
    t('results.uncertainty.line', {
      entry: `${row.entry.numberLabel} ${row.entry.title}`,
      percent: row.winPercent,
      low: row.interval ? fmt(row.interval.low) : '–',
      high: row.interval ? fmt(row.interval.high) : '–',
    }),
  );
  return {
    rounds: results.uncertainty.rounds,
    statement: t('results.uncertainty.statement', {
      rounds: results.uncertainty.rounds,
      jurors: results.jurorIds.length,
    }),
    lines,
  };
}

function coverageView(results: Results, t: TFunction, lng: Lng): ResultsView['coverage'] {
  const { coverage, components } = results.calibrated;
  const partial = coverage < 1 - 1e-12;
  const percent = new Intl.NumberFormat(localeOf(lng), { style: 'percent', maximumFractionDigits: 0 }).format(
    coverage,
  );
  const notes: string[] = [];
  if (partial) notes.push(t('results.coverage.partial', { percent }));
  if (components > 1) notes.push(t('results.coverage.disconnected', { count: components }));
  return { share: coverage, partial, components, note: notes.length ? notes.join(' ') : null };
}

export function buildResultsView({
  results,
  input,
  criteria,
  entries,
  jurors,
  nominations,
  notes,
  decision,
  t,
  lng,
}: {
  results: Results;
  input: Pick<RankingInput, 'perEntry' | 'droppedForConflict' | 'droppedNotOnJury' | 'droppedIncomplete'>;
  criteria: readonly Criterion[];
  entries: readonly ResultsEntry[];
  jurors: ReadonlyArray<Pick<EditionJuror, 'userId' | 'name'>>;
  nominations: ReadonlyMap<number, NominationKind>;
  notes: ReadonlyMap<number, JuryNote>;
  decision: ResultDecision | null;
  t: TFunction;
  lng: Lng;
}): ResultsView {
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const jurorById = new Map(jurors.map((j) => [j.userId, j.name]));
  const label = (entryId: number) => {
    const entry = entryById.get(entryId);
    return entry ? `${entry.numberLabel} ${entry.title}` : `#${entryId}`;
  };
  const jurorName = (id: number) => jurorById.get(id) ?? `#${id}`;
  const context: Context = { t, lng, criteria, label };

  const rows = results.rows.map((row): ResultsViewRow => {
    const entry = entryById.get(row.entryId) as ResultsEntry;
    const { stats } = row;
    const exclusions: EntryExclusions = input.perEntry.get(row.entryId) ?? {
      abstained: 0,
      conflictedJurors: 0,
    };
    const ranked = row.status === 'ranked';
    return {
      entry,
      ranked,
      tooFewScores: row.status === 'tooFewScores',
      rank: ranked ? row.standing.rank : null,
      score: ranked ? row.standing.displayValue : null,
      byAggregation: ranked
        ? (Object.fromEntries(
            AGGREGATIONS.map((a) => [
              a,
              { rank: row.byAggregation[a].rank, score: row.byAggregation[a].displayValue },
            ]),
          ) as Record<Aggregation, AggregationCell>)
        : null,
      ...(() => {
        const u = ranked ? results.uncertainty.perEntry.get(row.entryId) : undefined;
        if (!u) return { winPercent: null, interval: null };
        const shown = (value: number) => toDisplayValue({ aggregation: results.aggregation, value });
        return {
          winPercent: Math.round(u.winShare * 100),
          interval: Number.isNaN(u.low) ? null : { low: shown(u.low), high: shown(u.high) },
        };
      })(),
      n: stats.sheetCount,
      sd: display(stats.sd),
      mean: display(stats.mean),
      min: display(stats.min),
      max: display(stats.max),
      firstPlaces: stats.firstPlaces,
      criteria: stats.criteria.map((c) => ({
        criterionId: c.criterionId,
        mean: display(c.mean),
        normalisedMean: display(c.normalisedMean),
      })),
      abstained: exclusions.abstained,
      conflictedJurors: exclusions.conflictedJurors,
      decidedBy: ranked ? row.standing.decidedBy : null,
      tieNote: ranked ? tieNote(context, row.standing) : null,
      nomination: nominations.get(row.entryId) ?? null,
      note: notes.get(row.entryId)?.note ?? '',
    };
  });

  const winnerId = results.robustness.winnerEntryId;
  // Built on demand: the page needs only a few entries' scores; exports need them all.
  const byEntry = new Map<number, WeightedSheet[]>();
  for (const sheet of results.weightedSheets) {
    const list = byEntry.get(sheet.entryId);
    if (list) list.push(sheet);
    else byEntry.set(sheet.entryId, [sheet]);
  }
  const toView = (sheet: WeightedSheet): ScoreSheetView => ({
    entry: entryById.get(sheet.entryId) as ResultsEntry,
    jurorId: sheet.jurorId,
    jurorName: jurorName(sheet.jurorId),
    values: criteria.map((c) => sheet.values[c.id] as number),
    score: roundForDisplay(sheet.score),
  });
  let allSheets: ScoreSheetView[] | undefined;
  return {
    aggregation: results.aggregation,
    minScores: results.minScores,
    rows,
    rankedRows: rows.filter((row) => row.ranked),
    tooFewRows: rows.filter((row) => row.tooFewScores),
    criteria: criteria.map((c) => ({ id: c.id, name: criterionName(c, lng), weight: c.weight })),
    tieRules: results.tieBreak.map((rule) => ruleText({ rule, criteria, t, lng })),
    computedWinner: winnerId === null ? null : (rows.find((row) => row.entry.id === winnerId) ?? null),
    robustness: robustnessView({ ...context, results, jurorName }),
    jurors: results.jurorIds.map((id) => ({ id, name: jurorName(id) })),
    coverage: coverageView(results, t, lng),
    uncertainty: uncertaintyView(rows, results, t, lng),
    degenerateJurors: results.degenerateJurors.map(({ jurorId, reason }) => ({
      id: jurorId,
      name: jurorName(jurorId),
      reason,
      text: t(`results.degenerate.${reason}`, { name: jurorName(jurorId) }),
    })),
    scoreOf(jurorId, entryId) {
      const sheet = byEntry.get(entryId)?.find((candidate) => candidate.jurorId === jurorId);
      return sheet ? roundForDisplay(sheet.score) : undefined;
    },
    sheetsOf: (entryId) => (byEntry.get(entryId) ?? []).map(toView),
    get sheets() {
      allSheets ??= results.weightedSheets.map(toView);
      return allSheets;
    },
    sheetCount: results.sheetCount,
    dropped: {
      conflict: input.droppedForConflict,
      notOnJury: input.droppedNotOnJury,
      incomplete: input.droppedIncomplete,
    },
    decision,
  };
}

/** How many entries the charts show; the tables on the page list them all. */
export const CHART_LIMITS = { scores: 10, criteria: 5, heat: 15 } as const;

export interface ResultCharts {
  scores: { svg: string; rows: ResultsViewRow[]; withSpread: boolean };
  criteria: { svg: string; rows: ResultsViewRow[] };
  heat: { svg: string; rows: ResultsViewRow[] };
}

/** The three charts of the results page, drawn from the same rows the tables beside them print. */
export function buildCharts(view: ResultsView, t: TFunction, lng: Lng): ResultCharts {
  const fmt = (value: number | null) => formatScore(value, lng);
  const aggregation = t(`results.aggregations.${view.aggregation}`);
  const label = (row: ResultsViewRow) => `${row.rank}. ${row.entry.title}`;
  // The spread is the sd of the weighted scores, so it only fits the scale of the mean and the median.
  const withSpread = view.aggregation === 'mean' || view.aggregation === 'median';
  const scoreRows = view.rankedRows.slice(0, CHART_LIMITS.scores);
  const criteriaRows = view.rankedRows.slice(0, CHART_LIMITS.criteria);
  const heatRows = view.rankedRows.slice(0, CHART_LIMITS.heat);
  return {
    scores: {
      withSpread,
      rows: scoreRows,
      svg: scoreBarChart({
        id: 'chart-scores',
        title: t('results.charts.scores.title', { aggregation }),
        description: t(withSpread ? 'results.charts.scores.descSpread' : 'results.charts.scores.desc', {
          count: scoreRows.length,
          aggregation,
        }),
        bars: scoreRows.map((row) => ({
          label: label(row),
          value: row.score ?? 0,
          valueText: fmt(row.score),
          sd: withSpread ? row.sd : null,
        })),
      }),
    },
    criteria: {
      rows: criteriaRows,
      svg: criterionBreakdownChart({
        id: 'chart-criteria',
        title: t('results.charts.criteria.title'),
        description: t('results.charts.criteria.desc', { count: criteriaRows.length }),
        groups: criteriaRows.map((row) => ({
          label: label(row),
          values: view.criteria.map((criterion, index) => ({
            label: criterion.name,
            value: row.criteria[index]?.normalisedMean ?? null,
            valueText: fmt(row.criteria[index]?.mean ?? null),
          })),
        })),
      }),
    },
    heat: {
      rows: heatRows,
      svg: heatMapChart({
        id: 'chart-heat',
        title: t('results.charts.heat.title'),
        description: t('results.charts.heat.desc', { count: heatRows.length, jurors: view.jurors.length }),
        rows: heatRows.map(label),
        columns: view.jurors.map((juror) => juror.name),
        emptyText: '–',
        cells: heatRows.map((row) =>
          view.jurors.map((juror) => {
            const value = view.scoreOf(juror.id, row.entry.id);
            return value === undefined ? null : { value, text: fmt(value) };
          }),
        ),
      }),
    },
  };
}
