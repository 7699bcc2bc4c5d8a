import { computeResults } from '../../../src/results/ranking';
import { ResultsInputError } from '../../../src/results/results.errors';
import { AGGREGATIONS } from '../../../src/results/results.types';
import type {
  Aggregation,
  ComputeResultsInput,
  CriterionSpec,
  RankedResultRow,
  TieBreakRule,
} from '../../../src/results/results.types';
import { A, B, C, SINGLE, generateSheets, seededRandom, shuffled, single } from './fixtures';

const NOT_SCORED_1 = 5;
const NOT_SCORED_2 = 9;

// SINGLE: weighted = 10 × value.
//        J1   J2   J3   J4
//   A    40   90   60   80
//   B    50   30  100
//   C    70
const SHEETS = [
  single(1, A, 4),
  single(1, B, 5),
  single(1, C, 7),
  single(2, A, 9),
  single(2, B, 3),
  single(3, A, 6),
  single(3, B, 10),
  single(4, A, 8),
];

const INPUT: ComputeResultsInput = {
  criteria: SINGLE,
  sheets: SHEETS,
  entryIds: [NOT_SCORED_2, C, NOT_SCORED_1, A, B],
  aggregation: 'mean',
  tieBreak: [{ kind: 'firstPlaces' }],
};

function rankedRows(rows: ReturnType<typeof computeResults>['rows']): RankedResultRow[] {
  return rows.filter((row): row is RankedResultRow => row.status === 'ranked');
}

describe('computeResults', () => {
  const results = computeResults(INPUT);

  it('lists ranked entries in rank order, then the entries nobody scored by id', () => {
    // mean: A (40 + 90 + 60 + 80) / 4 = 67.5, B (50 + 30 + 100) / 3 = 60, C 70
    expect(results.rows.map((row) => [row.entryId, row.status])).toEqual([
      [C, 'ranked'],
      [A, 'ranked'],
      [B, 'ranked'],
      [NOT_SCORED_1, 'notScored'],
      [NOT_SCORED_2, 'notScored'],
    ]);
    expect(results.rows[3]?.stats.sheetCount).toBe(0);
    expect(results.jurorIds).toEqual([1, 2, 3, 4]);
    expect(results.sheetCount).toBe(8);
  });

  it('gives every ranked entry its value and rank under each aggregation', () => {
    // median: A (60 + 80) / 2 = 70, B 50, C 70 → A and C tie; first places: J1 → C, J2 → A, J3 → B,
    //         J4 → A (its only entry), so A 2 beats C 1.
    // zscore: J1 mean 53.33, pop sd 12.4722 → A -1.069045, B -0.267261, C +1.336306
    //         J2: A +1, B -1;  J3: A -1, B +1;  J4: A alone → 0
    //         A (-1.069045 + 1 - 1 + 0) / 4 = -0.267261 → 50 + 10z = 47.33
    //         B (-0.267261 - 1 + 1) / 3 = -0.089087 → 49.11;  C 1.336306 → 63.36
    // borda:  J1 (k = 3): C 1, B 0.5, A 0;  J2: A 1, B 0;  J3: B 1, A 0;  J4: A 0.5
    //         A (0 + 1 + 0 + 0.5) / 4 = 0.375, B (0.5 + 0 + 1) / 3 = 0.5, C 1
    const table = rankedRows(results.rows).map(({ entryId, byAggregation }) => ({
      entryId,
      mean: [byAggregation.mean.rank, byAggregation.mean.displayValue],
      median: [byAggregation.median.rank, byAggregation.median.displayValue],
      zscore: [byAggregation.zscore.rank, byAggregation.zscore.displayValue],
      borda: [byAggregation.borda.rank, byAggregation.borda.displayValue],
    }));
    expect(table).toEqual([
      { entryId: C, mean: [1, 70], median: [2, 70], zscore: [1, 63.36], borda: [1, 100] },
      // J4 scored only A: left out of z-score and Borda (A's z: (−1.069 + 1 − 1) / 3; Borda (0 + 1 + 0) / 3).
      { entryId: A, mean: [2, 67.5], median: [1, 70], zscore: [3, 46.44], borda: [3, 33.33] },
      { entryId: B, mean: [3, 60], median: [3, 50], zscore: [2, 49.11], borda: [2, 50] },
    ]);
  });

  it('uses the chosen aggregation for the row’s standing', () => {
    const [first] = rankedRows(results.rows);
    expect(first?.standing).toBe(first?.byAggregation.mean);
    const byMedian = computeResults({ ...INPUT, aggregation: 'median' });
    expect(byMedian.rows.map((row) => row.entryId)).toEqual([A, C, B, NOT_SCORED_1, NOT_SCORED_2]);
    expect(rankedRows(byMedian.rows)[0]?.standing).toMatchObject({
      rank: 1,
      decidedBy: 'tieBreak',
      tieBrokenBy: { rule: { kind: 'firstPlaces' }, against: [C] },
    });
  });

  it('carries the statistics of each entry', () => {
    const a = results.rows.find((row) => row.entryId === A);
    expect(a?.stats).toMatchObject({ sheetCount: 4, median: 70, min: 40, max: 90, firstPlaces: 2 });
    // deviations from 67.5: -27.5, 22.5, -7.5, 12.5 → 1475 / 3 → sqrt = 22.173558
    expect(a?.stats.sd).toBeCloseTo(22.173558, 5);
    expect(results.rows.find((row) => row.entryId === C)?.stats.sd).toBeNull();
  });

  it('returns every sheet with its weighted score, by entry then juror, for the heat map and exports', () => {
    expect(results.weightedSheets.map((sheet) => [sheet.entryId, sheet.jurorId, sheet.score])).toEqual([
      [A, 1, 40],
      [A, 2, 90],
      [A, 3, 60],
      [A, 4, 80],
      [B, 1, 50],
      [B, 2, 30],
      [B, 3, 100],
      [C, 1, 70],
    ]);
    expect(results.weightedSheets[0]?.values).toEqual({ 1: 4 });
  });

  it('returns a copy of the tie-break rules it used', () => {
    expect(results.aggregation).toBe('mean');
    expect(results.tieBreak).toEqual(INPUT.tieBreak);
    expect(results.tieBreak).not.toBe(INPUT.tieBreak);
  });
});

describe('computeResults input checks', () => {
  it.each<[string, Partial<ComputeResultsInput>, string]>([
    ['an unknown aggregation', { aggregation: 'average' as Aggregation }, 'unknown_aggregation'],
    [
      'a tie-break on an unknown criterion',
      { tieBreak: [{ kind: 'criterion', criterionId: 99 }] },
      'unknown_tie_break_criterion',
    ],
    [
      'an unknown tie-break rule',
      { tieBreak: [{ kind: 'coinFlip' } as unknown as TieBreakRule] },
      'invalid_tie_break_rule',
    ],
    ['a value outside the scale', { sheets: [single(1, A, 11)] }, 'value_out_of_scale'],
    ['a sheet for an entry not in the list', { entryIds: [A, B] }, 'unknown_entry'],
  ])('throws a ResultsInputError for %s', (_label, override, code) => {
    expect(() => computeResults({ ...INPUT, ...override })).toThrow(
      expect.objectContaining({ name: 'ResultsInputError', code }) as ResultsInputError,
    );
  });
});

describe('determinism', () => {
  const criteria: CriterionSpec[] = [
    { id: 11, weight: 35, scaleMin: 1, scaleMax: 5 },
    { id: 12, weight: 35, scaleMin: 1, scaleMax: 5 },
    { id: 13, weight: 30, scaleMin: 0, scaleMax: 3 },
  ];
  const tieBreak: TieBreakRule[] = [
    { kind: 'criterion', criterionId: 13 },
    { kind: 'firstPlaces' },
    { kind: 'juryDecision' },
  ];
  const { entryIds, sheets } = generateSheets({ criteria, entries: 40, jurors: 9, coverage: 0.6, seed: 7 });

  it.each<Aggregation>(['mean', 'median', 'zscore', 'borda', 'calibrated'])(
    'gives identical output whatever order sheets and entries arrive in (%s)',
    (aggregation) => {
      const reference = JSON.stringify(computeResults({ criteria, sheets, entryIds, aggregation, tieBreak }));
      const random = seededRandom(99);
      for (let run = 0; run < 5; run += 1) {
        const reordered = computeResults({
          criteria,
          sheets: shuffled(sheets, random),
          entryIds: shuffled(entryIds, random),
          aggregation,
          tieBreak,
        });
        expect(JSON.stringify(reordered)).toBe(reference);
      }
    },
  );

  it('has ties in the generated data, so ordering of equal values is really exercised', () => {
    const { rows } = computeResults({ criteria, sheets, entryIds, aggregation: 'median', tieBreak });
    expect(rankedRows(rows).some((row) => row.standing.decidedBy !== 'score')).toBe(true);
  });
});

describe('a large edition (500 entries × 25 jurors × 6 criteria)', () => {
  it('completes with consistent shapes, robustness included', () => {
    const criteria: CriterionSpec[] = [20, 20, 15, 15, 15, 15].map((weight, index) => ({
      id: index + 1,
      weight,
      scaleMin: 1,
      scaleMax: 10,
    }));
    const { entryIds, sheets } = generateSheets({
      criteria,
      entries: 500,
      jurors: 25,
      coverage: 1,
      seed: 2026,
    });
    expect(sheets).toHaveLength(12_500);

    const results = computeResults({
      criteria,
      sheets,
      entryIds,
      aggregation: 'zscore',
      tieBreak: [{ kind: 'firstPlaces' }, { kind: 'criterion', criterionId: 1 }, { kind: 'juryDecision' }],
    });

    const ranked = rankedRows(results.rows);
    expect(ranked).toHaveLength(500);
    expect(new Set(results.rows.map((row) => row.entryId)).size).toBe(500);
    for (const [index, row] of ranked.entries()) {
      expect(row.stats.sheetCount).toBe(25);
      expect(row.stats.criteria).toHaveLength(6);
      expect(row.standing.rank).toBeLessThanOrEqual(index + 1);
      for (const aggregation of AGGREGATIONS) {
        expect(row.byAggregation[aggregation].rank).toBeGreaterThanOrEqual(1);
        expect(row.byAggregation[aggregation].rank).toBeLessThanOrEqual(500);
      }
    }
    const expectedChecks = results.robustness.winnerEntryId === null ? 0 : 4 + 25;
    expect(results.robustness.checks).toHaveLength(expectedChecks);
  });
});
