/**
 * The ranking of an edition, pure (no I/O). Where each rule of the prize lives:
 * - weighted.ts   weighted score of a sheet (criterion normalised to 0..100 × weight/100) and input checks
 * - scoreTable.ts per-juror numbers: z-score (population sd), Borda points, first places
 * - aggregate.ts  mean, median, z-score, Borda and calibrated per entry; the display scale of each
 * - calibrated.ts the least-squares fit quality + juror offset (one fit per table and left-out juror)
 * - bootstrap.ts  the seeded resampling of jurors: win shares and intervals
 * - ties.ts       the edition's tie-break rules; standings.ts ranks (1, 1, 3) and finds the winner
 * - robustness.ts does the winner survive another aggregation, or leaving out any one juror?
 * - stats.ts      per-entry statistics (sample sd, null below 2 sheets); rounding.ts compare/display rounding
 * Output never depends on the order sheets arrive in: sheets are sorted by entry and juror before any sum,
 * and equal values are ordered by entryId.
 */
import { bootstrapRanking } from './bootstrap';
import { countComponents, coverage } from './calibrated';
import { assessRobustness } from './robustness';
import {
  AGGREGATIONS,
  type Aggregation,
  type ComputeResultsInput,
  type CriterionSpec,
  type EntryStats,
  type ResultRow,
  type Results,
  type Standing,
  type TieBreakRule,
  type WeightedSheet,
} from './results.types';
import { buildScoreTable, type ScoreTable } from './scoreTable';
import { computeStandings } from './standings';
import { entryStats } from './stats';
import { ResultsInputError } from './results.errors';
import { validateAggregation, validateTieBreak } from './validate';
import { weighSheets } from './weighted';

function standingsPerAggregation({
  table,
  criteria,
  tieBreak,
}: {
  table: ScoreTable;
  criteria: readonly CriterionSpec[];
  tieBreak: readonly TieBreakRule[];
}): Record<Aggregation, Map<number, Standing>> {
  const byEntry = (aggregation: Aggregation) =>
    new Map(
      computeStandings({ table, criteria, aggregation, tieBreak }).map((standing) => [
        standing.entryId,
        standing,
      ]),
    );
  return {
    mean: byEntry('mean'),
    median: byEntry('median'),
    zscore: byEntry('zscore'),
    borda: byEntry('borda'),
    calibrated: byEntry('calibrated'),
  };
}

function statsPerEntry({
  table,
  criteria,
  entryIds,
}: {
  table: ScoreTable;
  criteria: readonly CriterionSpec[];
  entryIds: readonly number[];
}): Map<number, EntryStats> {
  const scored = new Map(table.entries.map((entry) => [entry.entryId, entry.contributions]));
  return new Map(
    entryIds.map((entryId) => {
      const contributions = scored.get(entryId) ?? [];
      const stats = entryStats({
        sheets: contributions.map((contribution) => contribution.sheet),
        criteria,
        firstPlaces: contributions.filter((contribution) => contribution.jurorFirst).length,
      });
      return [entryId, stats];
    }),
  );
}

function rankedRow({
  standing,
  standings,
  stats,
}: {
  standing: Standing;
  standings: Record<Aggregation, Map<number, Standing>>;
  stats: EntryStats;
}): ResultRow {
  const { entryId } = standing;
  const byAggregation = Object.fromEntries(
    AGGREGATIONS.map((aggregation) => [aggregation, standings[aggregation].get(entryId) as Standing]),
  ) as Record<Aggregation, Standing>;
  return { status: 'ranked', entryId, standing, byAggregation, stats };
}

/**
 * The minimum-scores rule: entries with at least `minScores` sheets are ranked; the others (scored, but too few)
 * are split off before anything is computed, so they cannot win and do not move other entries' z-scores or Borda
 * points either.
 */
export function splitByMinimum(
  sheets: readonly WeightedSheet[],
  minScores: number,
): { counted: WeightedSheet[]; tooFew: Map<number, WeightedSheet[]> } {
  const perEntry = new Map<number, WeightedSheet[]>();
  for (const sheet of sheets) {
    const list = perEntry.get(sheet.entryId);
    if (list) list.push(sheet);
    else perEntry.set(sheet.entryId, [sheet]);
  }
  const tooFew = new Map<number, WeightedSheet[]>();
  for (const [entryId, list] of perEntry) if (list.length < minScores) tooFew.set(entryId, list);
  if (tooFew.size === 0) return { counted: [...sheets], tooFew };
  return { counted: sheets.filter((sheet) => !tooFew.has(sheet.entryId)), tooFew };
}

function validateMinScores(minScores: number): void {
  if (!Number.isSafeInteger(minScores) || minScores < 1) {
    throw new ResultsInputError(
      'invalid_min_scores',
      `minScores must be a whole number ≥ 1, got ${minScores}`,
    );
  }
}

/**
 * Everything a results page and the exports show, from one computation so the page, CSV, XLSX and PDF can
 * never disagree: per entry the five aggregations with their ranks, the statistics, how ties were broken,
 * and whether the winner survives another method or the absence of any one juror.
 * Rows: ranked entries in rank order under the chosen aggregation, then entries nobody scored, by id.
 */
export function computeResults({
  criteria,
  sheets,
  entryIds,
  aggregation,
  tieBreak,
  minScores = 1,
}: ComputeResultsInput): Results {
  validateAggregation(aggregation);
  validateTieBreak({ tieBreak, criteria });
  validateMinScores(minScores);
  const weighted = weighSheets({ criteria, sheets, entryIds });
  const { counted, tooFew } = splitByMinimum(weighted, minScores);
  const table = buildScoreTable(counted);
  const standings = standingsPerAggregation({ table, criteria, tieBreak });
  const stats = statsPerEntry({ table, criteria, entryIds });
  // First places are among the ranked entries only; an entry shown apart has none.
  for (const [entryId, list] of tooFew)
    stats.set(entryId, entryStats({ sheets: list, criteria, firstPlaces: 0 }));
  const statsOf = (entryId: number) => stats.get(entryId) as EntryStats;

  const chosen = [...standings[aggregation].values()];
  const rows: ResultRow[] = chosen.map((standing) =>
    rankedRow({ standing, standings, stats: statsOf(standing.entryId) }),
  );
  for (const entryId of [...tooFew.keys()].sort((a, b) => a - b))
    rows.push({ status: 'tooFewScores', entryId, stats: statsOf(entryId) });
  const notScored = entryIds
    .filter((entryId) => !standings[aggregation].has(entryId) && !tooFew.has(entryId))
    .sort((a, b) => a - b);
  for (const entryId of notScored) rows.push({ status: 'notScored', entryId, stats: statsOf(entryId) });
  const tooFewSheets = buildScoreTable([...tooFew.values()].flat());

  return {
    aggregation,
    tieBreak: [...tieBreak],
    minScores,
    rows,
    robustness: assessRobustness({ table, criteria, aggregation, tieBreak }),
    jurorIds: table.jurorIds,
    degenerateJurors: table.degenerateJurors,
    calibrated: { coverage: coverage(counted), components: countComponents(counted) },
    uncertainty: bootstrapRanking({ table, aggregation, criteria, tieBreak }),
    sheetCount: sheets.length,
    // Every counted sheet, also those of entries shown apart: the scores export and the entry pages list them.
    weightedSheets: [...table.entries, ...tooFewSheets.entries]
      .sort((a, b) => a.entryId - b.entryId)
      .flatMap((entry) => entry.contributions.map((contribution) => contribution.sheet)),
  };
}
