/**
 * The ranking of an edition, pure (no I/O). Where each rule of the prize lives:
 * - weighted.ts   weighted score of a sheet (criterion normalised to 0..100 × weight/100) and input checks
 * - scoreTable.ts per-juror numbers: z-score (population sd), Borda points, first places
 * - aggregate.ts  mean, median, z-score and Borda per entry; the display scale of each
 * - ties.ts       the edition's tie-break rules; standings.ts ranks (1, 1, 3) and finds the winner
 * - robustness.ts does the winner survive another aggregation, or leaving out any one juror?
 * - stats.ts      per-entry statistics (sample sd, null below 2 sheets); rounding.ts compare/display rounding
 * Output never depends on the order sheets arrive in: sheets are sorted by entry and juror before any sum,
 * and equal values are ordered by entryId.
 */
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
} from './results.types';
import { buildScoreTable, type ScoreTable } from './scoreTable';
import { computeStandings } from './standings';
import { entryStats } from './stats';
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
 * Everything a results page and the exports show, from one computation so the page, CSV, XLSX and PDF can
 * never disagree: per entry the four aggregations with their ranks, the statistics, how ties were broken,
 * and whether the winner survives another method or the absence of any one juror.
 * Rows: ranked entries in rank order under the chosen aggregation, then entries nobody scored, by id.
 */
export function computeResults({
  criteria,
  sheets,
  entryIds,
  aggregation,
  tieBreak,
}: ComputeResultsInput): Results {
  validateAggregation(aggregation);
  validateTieBreak({ tieBreak, criteria });
  const table = buildScoreTable(weighSheets({ criteria, sheets, entryIds }));
  const standings = standingsPerAggregation({ table, criteria, tieBreak });
  const stats = statsPerEntry({ table, criteria, entryIds });
  const statsOf = (entryId: number) => stats.get(entryId) as EntryStats;

  const chosen = [...standings[aggregation].values()];
  const rows: ResultRow[] = chosen.map((standing) =>
    rankedRow({ standing, standings, stats: statsOf(standing.entryId) }),
  );
  const notScored = entryIds.filter((entryId) => !standings[aggregation].has(entryId)).sort((a, b) => a - b);
  for (const entryId of notScored) rows.push({ status: 'notScored', entryId, stats: statsOf(entryId) });

  return {
    aggregation,
    tieBreak: [...tieBreak],
    rows,
    robustness: assessRobustness({ table, criteria, aggregation, tieBreak }),
    jurorIds: table.jurorIds,
    sheetCount: sheets.length,
    weightedSheets: table.entries.flatMap((entry) =>
      entry.contributions.map((contribution) => contribution.sheet),
    ),
  };
}
