/**
 * Types of the results domain: what the ranking needs as input and everything a results page and the
 * exports (CSV, XLSX, PDF) read from its output. One computation feeds them all, so they can never disagree.
 */

export interface CriterionSpec {
  id: number;
  /** Whole percent; the weights of an edition sum to 100. */
  weight: number;
  scaleMin: number;
  scaleMax: number;
}

/**
 * One juror's final scores for one entry: criterionId -> value, every criterion present. Abstentions and
 * conflicts are absent sheets, filtered out by the caller.
 */
export interface ScoreSheet {
  jurorId: number;
  entryId: number;
  values: Record<number, number>;
}

export type Aggregation = 'mean' | 'median' | 'zscore' | 'borda' | 'calibrated';

/**
 * In the order the results page shows them; 'mean' is the default of an edition. Every one can be the edition's
 * fixed method (the migration 20261208120100 let result_decisions record 'calibrated' too).
 */
export const AGGREGATIONS: readonly Aggregation[] = ['mean', 'median', 'zscore', 'borda', 'calibrated'];

export type TieBreakRule =
  { kind: 'criterion'; criterionId: number } | { kind: 'firstPlaces' } | { kind: 'juryDecision' };

/** A validated sheet with its weighted score (0..100). */
export interface WeightedSheet {
  jurorId: number;
  entryId: number;
  values: Readonly<Record<number, number>>;
  score: number;
}

/**
 * How an entry got its rank:
 * - 'score': its aggregated value was not tied;
 * - 'tieBreak': a tie-break rule gave it a rank of its own;
 * - 'juryDecision': still tied; the edition's rules say the jury decides (the page must say so);
 * - 'exAequo': still tied and no rule was left; the entries share the rank.
 */
export type RankDecision = 'score' | 'tieBreak' | 'juryDecision' | 'exAequo';

/** One rule that separated an entry from the entries it was still tied with. */
export interface TieBreakStep {
  rule: TieBreakRule;
  /** The entries this rule separated it from (ascending), whether they ended above or below it. */
  against: number[];
}

/** An entry's place under one aggregation. */
export interface Standing {
  entryId: number;
  /** 1-based; tied entries share a rank and the next rank skips (1, 1, 3). */
  rank: number;
  /** Unrounded aggregated value; ranking compares it rounded to 6 decimals. */
  value: number;
  /** The number to show, 2 decimals; see toDisplayValue for the scale per aggregation. */
  displayValue: number;
  decidedBy: RankDecision;
  /** The last rule that separated this entry from others; null when no rule did. */
  tieBrokenBy: TieBreakStep | null;
  /** Every rule that separated this entry, in the order applied (a 3-way tie can take two rules). */
  tieBreakSteps: TieBreakStep[];
  /** Entries sharing this rank ('juryDecision' or 'exAequo'), ascending; empty otherwise. */
  tiedWith: number[];
}

export interface CriterionStats {
  criterionId: number;
  /** Mean of the raw values on the criterion's own scale; null without sheets. */
  mean: number | null;
  /** The same mean normalised to 0..100: the number the 'criterion' tie-break rule compares. */
  normalisedMean: number | null;
  min: number | null;
  max: number | null;
}

export interface EntryStats {
  sheetCount: number;
  /** Mean, median, min and max of the weighted scores (0..100); null without sheets. */
  mean: number | null;
  median: number | null;
  /** Sample standard deviation (n - 1) of the weighted scores; null with fewer than 2 sheets. */
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Jurors whose highest weighted score this entry got (shared firsts count for each). */
  firstPlaces: number;
  /** In the order of the criteria given. */
  criteria: CriterionStats[];
}

export type RobustnessCheck =
  | { kind: 'aggregation'; aggregation: Aggregation; winnerEntryId: number | null; same: boolean }
  | { kind: 'leaveOut'; jurorId: number; winnerEntryId: number | null; same: boolean };

export type Robustness =
  | { winnerEntryId: number; robust: boolean; checks: RobustnessCheck[] }
  | { winnerEntryId: null; robust: false; reason: 'no_unique_winner'; checks: RobustnessCheck[] };

export interface RankedResultRow {
  status: 'ranked';
  entryId: number;
  /** The place under the chosen aggregation (the same object as byAggregation[aggregation]). */
  standing: Standing;
  byAggregation: Record<Aggregation, Standing>;
  stats: EntryStats;
}

export interface NotScoredResultRow {
  status: 'notScored';
  entryId: number;
  stats: EntryStats;
}

/**
 * Scored, but by fewer jurors than the edition's minimum: shown apart with its numbers, never ranked, never the
 * winner, and left out of everything the ranking computes (z-scores, Borda points, robustness).
 */
export interface TooFewScoresResultRow {
  status: 'tooFewScores';
  entryId: number;
  stats: EntryStats;
}

export type ResultRow = RankedResultRow | TooFewScoresResultRow | NotScoredResultRow;

export interface ComputeResultsInput {
  criteria: readonly CriterionSpec[];
  sheets: readonly ScoreSheet[];
  /** Every entry in the ranking, also those nobody scored (they are listed last as not scored). */
  entryIds: readonly number[];
  aggregation: Aggregation;
  tieBreak: readonly TieBreakRule[];
  /** Entries with fewer sheets are not ranked (status 'tooFewScores'); 1 when not given. */
  minScores?: number;
}

export interface Results {
  aggregation: Aggregation;
  tieBreak: TieBreakRule[];
  /** Ranked rows in rank order (ties by entryId), then too-few-scores rows, then not-scored rows, by entryId. */
  rows: ResultRow[];
  minScores: number;
  robustness: Robustness;
  /** Jurors with at least one sheet, ascending. */
  jurorIds: number[];
  /**
   * Jurors left out of z-score and Borda (ranked entries only): they scored one entry ('singleEntry') or gave all
   * the same weighted score ('noSpread'). Mean and median still count them.
   */
  degenerateJurors: Array<{ jurorId: number; reason: 'singleEntry' | 'noSpread' }>;
  /** The seeded bootstrap over jurors under the chosen aggregation (bootstrap.ts): win share and interval per entry. */
  uncertainty: {
    rounds: number;
    seed: string;
    perEntry: Map<number, { winShare: number; low: number; high: number }>;
  };
  /**
   * How far the design supports comparing entries (calibrated.ts): the share of juror × entry pairs scored, and how
   * many groups of entries share no juror (above 1 they cannot be compared). The calibrated values and ranks
   * themselves are an aggregation like the others (byAggregation.calibrated).
   */
  calibrated: {
    coverage: number;
    components: number;
  };
  sheetCount: number;
  /**
   * Every sheet with its weighted score (0..100), by entry then juror: what a juror × entry heat map and the
   * scores export show, so they use the very numbers the ranking summed.
   */
  weightedSheets: WeightedSheet[];
}
