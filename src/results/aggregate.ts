import { calibratedValues } from './calibrated';
import { roundForDisplay } from './rounding';
import type { Aggregation, WeightedSheet } from './results.types';
import { buildScoreTable, type EntryScores, type ScoreTable, type SheetContribution } from './scoreTable';

/**
 * Sums in juror order and divides, exactly like stats.mean over the same values, so leaving a juror out
 * gives the same bits as recomputing from the remaining sheets. Loops instead of filter/map: this runs for
 * every entry in every leave-one-out check.
 */
function meanOfIncluded(
  entry: EntryScores,
  pick: (contribution: SheetContribution) => number,
  excludeJurorId: number | undefined,
): number | undefined {
  let sum = 0;
  let count = 0;
  for (const contribution of entry.contributions) {
    if (contribution.sheet.jurorId === excludeJurorId) continue;
    sum += pick(contribution);
    count += 1;
  }
  return count === 0 ? undefined : sum / count;
}

/**
 * Mean of the z-scores or Borda points of the jurors who expressed a preference (SheetContribution.counts). When
 * none of an entry's jurors did, the entry gets the neutral value (z 0, Borda 0.5): there is no opinion to rank it
 * by, and leaving it without a value would drop it from the ranking.
 */
function meanOfCounting(
  entry: EntryScores,
  pick: (contribution: SheetContribution) => number,
  excludeJurorId: number | undefined,
  neutral: number,
): number | undefined {
  let sum = 0;
  let count = 0;
  let present = 0;
  for (const contribution of entry.contributions) {
    if (contribution.sheet.jurorId === excludeJurorId) continue;
    present += 1;
    if (!contribution.counts) continue;
    sum += pick(contribution);
    count += 1;
  }
  if (present === 0) return undefined;
  return count === 0 ? neutral : sum / count;
}

/** Median of the pre-sorted scores, skipping (one copy of) the left-out juror's score. */
function medianOfIncluded(entry: EntryScores, excludeJurorId: number | undefined): number | undefined {
  const sorted = entry.scoresAscending;
  const excluded = entry.contributions.find((contribution) => contribution.sheet.jurorId === excludeJurorId);
  const skip = excluded ? sorted.indexOf(excluded.sheet.score) : -1;
  const count = sorted.length - (skip >= 0 ? 1 : 0);
  if (count === 0) return undefined;
  const at = (position: number) => sorted[skip < 0 || position < skip ? position : position + 1] as number;
  const middle = Math.floor(count / 2);
  // Same arithmetic as stats.median, so the page's median column and the ranking agree to the bit.
  return count % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

/**
 * One entry's value from its jurors' contributions:
 * - mean / median of the weighted scores;
 * - zscore: mean of the jurors' z-scores, each juror standardised over the entries they scored, so a harsh
 *   or lenient juror weighs like any other even when not everyone scores everything;
 * - borda: mean of the jurors' Borda points (0..1), so jurors who scored different numbers of entries
 *   weigh equally;
 * - calibrated: see aggregateTable (one least-squares fit over all entries).
 * z-score and Borda leave out jurors who scored one entry or gave every entry the same score (meanOfCounting).
 * Undefined when no sheet is left.
 */
function entryValue(
  aggregation: Aggregation,
  entry: EntryScores,
  excludeJurorId: number | undefined,
): number | undefined {
  switch (aggregation) {
    case 'mean':
      return meanOfIncluded(entry, (contribution) => contribution.sheet.score, excludeJurorId);
    case 'median':
      return medianOfIncluded(entry, excludeJurorId);
    case 'zscore':
      return meanOfCounting(entry, (contribution) => contribution.z, excludeJurorId, 0);
    case 'borda':
      return meanOfCounting(entry, (contribution) => contribution.borda, excludeJurorId, 0.5);
    case 'calibrated':
      // Fitted over the whole table at once (aggregateTable), never per entry.
      throw new Error('the calibrated value comes from the fit of the whole table');
  }
}

/**
 * entryId -> aggregated value for the entries with at least one (included) sheet. Leaving a juror out only
 * drops their terms: z-scores, Borda points and first places are per juror, so this equals recomputing
 * from the remaining sheets, bit for bit.
 */
export function aggregateTable({
  table,
  aggregation,
  excludeJurorId,
}: {
  table: ScoreTable;
  aggregation: Aggregation;
  excludeJurorId?: number;
}): Map<number, number> {
  // The calibrated quality of an entry depends on every juror's offset: one fit per table (and left-out juror).
  if (aggregation === 'calibrated') return calibratedValues(table, excludeJurorId);
  const values = new Map<number, number>();
  for (const entry of table.entries) {
    const value = entryValue(aggregation, entry, excludeJurorId);
    if (value !== undefined) values.set(entry.entryId, value);
  }
  return values;
}

/** entryId -> aggregated value, straight from weighted sheets (in any order). */
export function aggregate({
  aggregation,
  sheets,
}: {
  aggregation: Aggregation;
  sheets: readonly WeightedSheet[];
}): Map<number, number> {
  return aggregateTable({ table: buildScoreTable(sheets), aggregation });
}

/**
 * What the page shows, 2 decimals, on a 0..100-like scale for every aggregation so columns read alike:
 * mean, median and calibrated quality as is; z-score as 50 + 10·z (a "T-score": 50 is the average juror opinion, ±10 one
 * standard deviation; not clamped, so an extreme outlier could leave 0..100); Borda as 100 × points.
 */
export function toDisplayValue({ aggregation, value }: { aggregation: Aggregation; value: number }): number {
  switch (aggregation) {
    case 'mean':
    case 'median':
    case 'calibrated':
      return roundForDisplay(value);
    case 'zscore':
      return roundForDisplay(50 + 10 * value);
    case 'borda':
      return roundForDisplay(100 * value);
  }
}
