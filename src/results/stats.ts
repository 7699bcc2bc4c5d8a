import type { CriterionSpec, CriterionStats, EntryStats, WeightedSheet } from './results.types';
import { normaliseValue } from './weighted';

/** Callers only pass non-empty lists; an empty one yields NaN rather than a plausible-looking 0. */
export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Even count: the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

function sumOfSquaredDeviations(values: readonly number[]): number {
  const centre = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - centre) ** 2;
  return sum;
}

/** Population sd (divide by n): a juror's scores are all of that juror's scores, not a sample of them. */
export function populationSd(values: readonly number[]): number {
  return Math.sqrt(sumOfSquaredDeviations(values) / values.length);
}

/**
 * Sample sd (divide by n - 1): the jurors of an entry are a sample of possible jurors, and the number shows
 * how much they disagreed. One score says nothing about disagreement, hence null rather than 0.
 */
export function sampleSd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  return Math.sqrt(sumOfSquaredDeviations(values) / (values.length - 1));
}

/**
 * Mean of one criterion over an entry's sheets, normalised to 0..100: what the 'criterion' tie-break
 * compares and the stats show. Summed in sheet order like `mean`, without intermediate arrays.
 */
export function criterionNormalisedMean({
  sheets,
  criterion,
}: {
  sheets: readonly WeightedSheet[];
  criterion: CriterionSpec;
}): number {
  let sum = 0;
  for (const sheet of sheets) sum += normaliseValue(sheet.values[criterion.id] as number, criterion);
  return sum / sheets.length;
}

function criterionStats(sheets: readonly WeightedSheet[], criterion: CriterionSpec): CriterionStats {
  if (sheets.length === 0) {
    return { criterionId: criterion.id, mean: null, normalisedMean: null, min: null, max: null };
  }
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const sheet of sheets) {
    const value = sheet.values[criterion.id] as number;
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return {
    criterionId: criterion.id,
    mean: sum / sheets.length,
    normalisedMean: criterionNormalisedMean({ sheets, criterion }),
    min,
    max,
  };
}

/** Descriptive numbers of one entry; `sheets` are that entry's sheets only. */
export function entryStats({
  sheets,
  criteria,
  firstPlaces,
}: {
  sheets: readonly WeightedSheet[];
  criteria: readonly CriterionSpec[];
  firstPlaces: number;
}): EntryStats {
  const scores = sheets.map((sheet) => sheet.score);
  const scored = scores.length > 0;
  return {
    sheetCount: scores.length,
    mean: scored ? mean(scores) : null,
    median: scored ? median(scores) : null,
    sd: sampleSd(scores),
    min: scored ? Math.min(...scores) : null,
    max: scored ? Math.max(...scores) : null,
    firstPlaces,
    criteria: criteria.map((criterion) => criterionStats(sheets, criterion)),
  };
}
