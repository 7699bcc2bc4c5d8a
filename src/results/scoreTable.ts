import { roundForCompare } from './rounding';
import type { WeightedSheet } from './results.types';
import { mean, populationSd } from './stats';

/**
 * A juror whose scores (nearly) all equal expresses no preference. Below this sd the z-scores would be
 * float noise blown up to ±1, so such a juror contributes 0. Weighted scores live on 0..100, so 1e-9 is far
 * below any real difference.
 */
const SD_EPSILON = 1e-9;

/**
 * What one sheet contributes to each aggregation. z, Borda points and first place are relative to the
 * other entries the same juror scored, and to nothing else: leaving another juror out never changes them.
 */
export interface SheetContribution {
  sheet: WeightedSheet;
  z: number;
  borda: number;
  /**
   * The juror expressed a preference among the entries they scored (two or more, not all equal), so their z-score
   * and Borda points say something. A juror who scored one entry, or gave all the same score, would put a 0 /
   * 0.5 on each: that pulls entries toward the middle without any opinion behind it, so they are left out.
   */
  counts: boolean;
  /** The entry got this juror's highest weighted score (shared firsts count for each). */
  jurorFirst: boolean;
}

export interface EntryScores {
  entryId: number;
  /** Ascending by jurorId. */
  contributions: SheetContribution[];
  /** The weighted scores sorted ascending, kept for the median of every leave-one-out check. */
  scoresAscending: Float64Array;
}

/** The sheets of a ranking, indexed once for all aggregations, leave-one-out checks and tie-breaks. */
export interface ScoreTable {
  /** Entries with at least one sheet, ascending by entryId. */
  entries: EntryScores[];
  jurorIds: number[];
  /** Jurors left out of z-score and Borda, ascending, and why (see SheetContribution.counts). */
  degenerateJurors: DegenerateJuror[];
}

export type DegenerateReason = 'singleEntry' | 'noSpread';

export interface DegenerateJuror {
  jurorId: number;
  reason: DegenerateReason;
}

/** Why a juror's scores carry no ranking among entries, or null when they do. */
export function degenerateReason(scores: readonly number[]): DegenerateReason | null {
  if (scores.length < 2) return 'singleEntry';
  return populationSd(scores) > SD_EPSILON ? null : 'noSpread';
}

/** A juror's z-scores (population sd) over the entries they scored; 0 for all when they show no spread. */
export function jurorZScores(scores: readonly number[]): number[] {
  const centre = mean(scores);
  const sd = populationSd(scores);
  if (!(sd > SD_EPSILON)) return scores.map(() => 0);
  return scores.map((score) => (score - centre) / sd);
}

/**
 * A juror's Borda points: the entry ranked r among the k entries they scored gets (k - r) / (k - 1), so
 * their best gets 1 and their worst 0 whatever k is. Equal scores share the average of their ranks (two
 * entries tied for 2nd and 3rd both get rank 2.5). A juror with one entry gives it 0.5: no opinion.
 */
export function jurorBordaPoints(scores: readonly number[]): number[] {
  const k = scores.length;
  if (k === 1) return [0.5];
  const rounded = scores.map(roundForCompare);
  // A typed array sorts numerically without a JS comparator: this runs for every juror of large editions.
  const ascending = Float64Array.from(rounded).sort();
  const pointsByScore = new Map<number, number>();
  for (let first = 0; first < k;) {
    let last = first;
    while (last + 1 < k && ascending[last + 1] === ascending[first]) last += 1;
    // Ascending position p (0-based) is rank k - p; equal scores get the average of their ranks.
    const averageRank = k - (first + last) / 2;
    pointsByScore.set(ascending[first] as number, (k - averageRank) / (k - 1));
    first = last + 1;
  }
  return rounded.map((score) => pointsByScore.get(score) as number);
}

/** Which of a juror's scores are their highest (rounded like the ranking, so float noise cannot split a first). */
export function jurorFirstPlaces(scores: readonly number[]): boolean[] {
  const rounded = scores.map(roundForCompare);
  const best = Math.max(...rounded);
  return rounded.map((score) => score === best);
}

/**
 * Sheets in canonical order: by entry, then juror. Bucketing by entry first keeps this linear-ish for
 * large editions (only each entry's few sheets get sorted).
 */
function canonicalOrder(sheets: readonly WeightedSheet[]): WeightedSheet[] {
  const byEntry = new Map<number, WeightedSheet[]>();
  for (const sheet of sheets) {
    const bucket = byEntry.get(sheet.entryId);
    if (bucket) bucket.push(sheet);
    else byEntry.set(sheet.entryId, [sheet]);
  }
  const entryIds = [...byEntry.keys()].sort((a, b) => a - b);
  return entryIds.flatMap((entryId) =>
    (byEntry.get(entryId) as WeightedSheet[]).sort((a, b) => a.jurorId - b.jurorId),
  );
}

function indexesByJuror(sheets: readonly WeightedSheet[]): Map<number, number[]> {
  const indexes = new Map<number, number[]>();
  sheets.forEach((sheet, index) => {
    const list = indexes.get(sheet.jurorId);
    if (list) list.push(index);
    else indexes.set(sheet.jurorId, [index]);
  });
  return indexes;
}

function contributionsOf(sorted: readonly WeightedSheet[]): {
  contributions: SheetContribution[];
  degenerateJurors: DegenerateJuror[];
} {
  const contributions = new Array<SheetContribution>(sorted.length);
  const degenerateJurors: DegenerateJuror[] = [];
  for (const [jurorId, indexes] of indexesByJuror(sorted)) {
    const scores = indexes.map((index) => (sorted[index] as WeightedSheet).score);
    const z = jurorZScores(scores);
    const borda = jurorBordaPoints(scores);
    const first = jurorFirstPlaces(scores);
    const reason = degenerateReason(scores);
    if (reason) degenerateJurors.push({ jurorId, reason });
    indexes.forEach((sheetIndex, position) => {
      contributions[sheetIndex] = {
        sheet: sorted[sheetIndex] as WeightedSheet,
        z: z[position] as number,
        borda: borda[position] as number,
        counts: reason === null,
        jurorFirst: first[position] as boolean,
      };
    });
  }
  degenerateJurors.sort((a, b) => a.jurorId - b.jurorId);
  return { contributions, degenerateJurors };
}

/**
 * Indexes validated sheets. They are sorted by entry, then juror, first, so every later sum runs in the same
 * order whatever order the database returned rows in: floating-point addition is not associative, and
 * results must be identical on SQLite and PostgreSQL.
 */
export function buildScoreTable(sheets: readonly WeightedSheet[]): ScoreTable {
  const sorted = canonicalOrder(sheets);
  const { contributions, degenerateJurors } = contributionsOf(sorted);
  const runs: SheetContribution[][] = [];
  for (const contribution of contributions) {
    const run = runs[runs.length - 1];
    if (run && run[0]?.sheet.entryId === contribution.sheet.entryId) run.push(contribution);
    else runs.push([contribution]);
  }
  const entries = runs.map((contributions): EntryScores => ({
    entryId: (contributions[0] as SheetContribution).sheet.entryId,
    contributions,
    scoresAscending: Float64Array.from(contributions, (contribution) => contribution.sheet.score).sort(),
  }));
  const jurorIds = [...new Set(sorted.map((sheet) => sheet.jurorId))].sort((a, b) => a - b);
  return { entries, jurorIds, degenerateJurors };
}

/** An entry's contributions without the left-out juror (all of them when nobody is left out). */
export function includedContributions(
  entry: EntryScores,
  excludeJurorId: number | undefined,
): SheetContribution[] {
  if (excludeJurorId === undefined) return entry.contributions;
  return entry.contributions.filter((contribution) => contribution.sheet.jurorId !== excludeJurorId);
}
