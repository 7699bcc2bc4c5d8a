import { computeResults } from '../../../src/results/ranking';
import type {
  Aggregation,
  CriterionSpec,
  ResultRow,
  ScoreSheet,
  TieBreakRule,
} from '../../../src/results/results.types';
import { A, B, C, HALVES, SINGLE, generateSheets, single } from './fixtures';

function robustnessOf({
  sheets,
  aggregation = 'mean',
  tieBreak = [],
  criteria = SINGLE,
}: {
  sheets: ScoreSheet[];
  aggregation?: Aggregation;
  tieBreak?: TieBreakRule[];
  criteria?: CriterionSpec[];
}) {
  const entryIds = [...new Set(sheets.map((sheet) => sheet.entryId))];
  return computeResults({ criteria, sheets, entryIds, aggregation, tieBreak }).robustness;
}

function uniqueWinnerOf(rows: ResultRow[]): number | null {
  const [first, second] = rows;
  if (first?.status !== 'ranked') return null;
  return second?.status === 'ranked' && second.standing.rank === 1 ? null : first.entryId;
}

describe('robustness of the winner', () => {
  it('is robust when every method and every leave-one-out keeps the winner', () => {
    // Every juror puts A first: J1 A 90 B 50 C 30; J2 A 80 B 60 C 40; J3 A 90 B 70 C 20.
    const sheets = [
      single(1, A, 9),
      single(1, B, 5),
      single(1, C, 3),
      single(2, A, 8),
      single(2, B, 6),
      single(2, C, 4),
      single(3, A, 9),
      single(3, B, 7),
      single(3, C, 2),
    ];
    expect(robustnessOf({ sheets })).toEqual({
      winnerEntryId: A,
      robust: true,
      checks: [
        { kind: 'aggregation', aggregation: 'median', winnerEntryId: A, same: true },
        { kind: 'aggregation', aggregation: 'zscore', winnerEntryId: A, same: true },
        { kind: 'aggregation', aggregation: 'borda', winnerEntryId: A, same: true },
        // Everyone scored everything: the calibrated quality is the mean.
        { kind: 'aggregation', aggregation: 'calibrated', winnerEntryId: A, same: true },
        { kind: 'leaveOut', jurorId: 1, winnerEntryId: A, same: true },
        { kind: 'leaveOut', jurorId: 2, winnerEntryId: A, same: true },
        { kind: 'leaveOut', jurorId: 3, winnerEntryId: A, same: true },
      ],
    });
  });

  describe('a lenient juror who scored only one entry', () => {
    // J1: A 60, B 70;  J2: A 60, B 70;  J3 (lenient) scores only A: 100.
    // mean:   A (60 + 60 + 100) / 3 = 73.33, B 70 → A wins
    // median: A 60, B 70 → B
    // zscore: J1 and J2 mean 65, sd 5 → A -1, B +1; J3 has one score → left out
    //         A (-1 - 1) / 2 = -1, B (1 + 1) / 2 = 1 → B
    // borda:  J1, J2: B 1, A 0; J3 left out → A 0, B 1 → B
    // calibrated: J3's one sheet fits exactly (q_A + b3 = 100) and only fixes J3's own offset. J1 = J2 = b:
    //         q_A = 60 − b, q_B = 70 − b, b3 = 40 + b; offsets sum to 0 → 3b + 40 = 0, b = −13.33
    //         → A 73.33, B 83.33 → B (J3's leniency is taken out instead of lifting A)
    const sheets = [single(1, A, 6), single(1, B, 7), single(2, A, 6), single(2, B, 7), single(3, A, 10)];

    it('makes mean and z-score pick different winners', () => {
      const entryIds = [A, B];
      const byMean = computeResults({
        criteria: SINGLE,
        sheets,
        entryIds,
        aggregation: 'mean',
        tieBreak: [],
      });
      const byZ = computeResults({ criteria: SINGLE, sheets, entryIds, aggregation: 'zscore', tieBreak: [] });
      expect(byMean.rows.map((row) => row.entryId)).toEqual([A, B]);
      expect(byZ.rows.map((row) => row.entryId)).toEqual([B, A]);
      const [first, second] = byMean.rows;
      if (first?.status !== 'ranked' || second?.status !== 'ranked') throw new Error('expected ranked rows');
      expect(first.byAggregation.mean.displayValue).toBe(73.33);
      expect(first.byAggregation.zscore).toMatchObject({ rank: 2, displayValue: 40 }); // 50 + 10 × -1
      expect(second.byAggregation.zscore).toMatchObject({ rank: 1, displayValue: 60 }); // 50 + 10 × 1
      expect(first.byAggregation.borda).toMatchObject({ rank: 2, displayValue: 0 }); // 100 × 0
      expect(byMean.degenerateJurors).toEqual([{ jurorId: 3, reason: 'singleEntry' }]);
      expect(second.byAggregation.median).toMatchObject({ rank: 1, displayValue: 70 });
      expect(first.byAggregation.calibrated).toMatchObject({ rank: 2, displayValue: 73.33 });
      expect(second.byAggregation.calibrated).toMatchObject({ rank: 1, displayValue: 83.33 });
    });

    it('flags the mean winner as not robust: other methods pick B, and so does leaving out the lenient juror', () => {
      // Leaving out J1 or J2: A (60 + 100) / 2 = 80 vs B 70 → A.  Leaving out J3: A 60 vs B 70 → B.
      expect(robustnessOf({ sheets })).toEqual({
        winnerEntryId: A,
        robust: false,
        checks: [
          { kind: 'aggregation', aggregation: 'median', winnerEntryId: B, same: false },
          { kind: 'aggregation', aggregation: 'zscore', winnerEntryId: B, same: false },
          { kind: 'aggregation', aggregation: 'borda', winnerEntryId: B, same: false },
          { kind: 'aggregation', aggregation: 'calibrated', winnerEntryId: B, same: false },
          { kind: 'leaveOut', jurorId: 1, winnerEntryId: A, same: true },
          { kind: 'leaveOut', jurorId: 2, winnerEntryId: A, same: true },
          { kind: 'leaveOut', jurorId: 3, winnerEntryId: B, same: false },
        ],
      });
    });
  });

  it('is not robust when leaving out one juror flips the winner, even if all methods agree', () => {
    // J1: A 90, B 30;  J2: A 40, B 60;  J3: A 60, B 50.
    // mean A 63.33 vs B 46.67; median A 60 vs B 50; zscore A (1 - 1 + 1) / 3 vs B -1/3; borda A 2/3 vs B 1/3.
    // Without J1: A (40 + 60) / 2 = 50, B (60 + 50) / 2 = 55 → B.  Without J2: A 75, B 40.  Without J3: A 65, B 45.
    const sheets = [
      single(1, A, 9),
      single(1, B, 3),
      single(2, A, 4),
      single(2, B, 6),
      single(3, A, 6),
      single(3, B, 5),
    ];
    const robustness = robustnessOf({ sheets });
    expect(robustness).toMatchObject({ winnerEntryId: A, robust: false });
    expect(robustness.checks.filter((check) => !check.same)).toEqual([
      { kind: 'leaveOut', jurorId: 1, winnerEntryId: B, same: false },
    ]);
    // Four other methods (the calibrated one equals the mean in a complete design) and three jurors.
    expect(robustness.checks).toHaveLength(7);
  });

  it('says so when there is no unique winner', () => {
    // A and B both 80 and the jury decides.
    const sheets = [single(1, A, 8), single(1, B, 8), single(1, C, 5)];
    expect(robustnessOf({ sheets, tieBreak: [{ kind: 'juryDecision' }] })).toEqual({
      winnerEntryId: null,
      robust: false,
      reason: 'no_unique_winner',
      checks: [],
    });
    expect(robustnessOf({ sheets: [] })).toMatchObject({ winnerEntryId: null, reason: 'no_unique_winner' });
  });

  it('counts a winner decided by a tie-break rule as a unique winner', () => {
    // HALVES: A (8,4) = 60 and B (4,8) = 60; criterion 1 puts A first. Without the only juror, nobody wins.
    const sheets: ScoreSheet[] = [
      { jurorId: 1, entryId: A, values: { 1: 8, 2: 4 } },
      { jurorId: 1, entryId: B, values: { 1: 4, 2: 8 } },
    ];
    const robustness = robustnessOf({
      sheets,
      criteria: HALVES,
      tieBreak: [{ kind: 'criterion', criterionId: 1 }],
    });
    expect(robustness).toMatchObject({ winnerEntryId: A, robust: false });
    expect(robustness.checks).toContainEqual({
      kind: 'leaveOut',
      jurorId: 1,
      winnerEntryId: null,
      same: false,
    });
  });

  it('leaves a juror out exactly as if their sheets had never been entered', () => {
    // Consistency between the fast leave-one-out path and a full recomputation, on generated data where
    // jurors score different subsets (so z-scores, Borda points and first places all matter).
    const criteria: CriterionSpec[] = [
      { id: 1, weight: 40, scaleMin: 1, scaleMax: 5 },
      { id: 2, weight: 60, scaleMin: 1, scaleMax: 5 },
    ];
    const tieBreak: TieBreakRule[] = [{ kind: 'firstPlaces' }, { kind: 'criterion', criterionId: 2 }];
    let compared = 0;
    for (const aggregation of ['mean', 'median', 'zscore', 'borda'] as const) {
      for (const seed of [1, 2, 3]) {
        const { entryIds, sheets } = generateSheets({ criteria, entries: 6, jurors: 5, coverage: 0.7, seed });
        const { robustness } = computeResults({ criteria, sheets, entryIds, aggregation, tieBreak });
        for (const check of robustness.checks) {
          if (check.kind !== 'leaveOut') continue;
          const without = sheets.filter((sheet) => sheet.jurorId !== check.jurorId);
          const recomputed = computeResults({ criteria, sheets: without, entryIds, aggregation, tieBreak });
          const winner = uniqueWinnerOf(recomputed.rows);
          compared += 1;
          expect({ aggregation, seed, jurorId: check.jurorId, winner: check.winnerEntryId }).toEqual({
            aggregation,
            seed,
            jurorId: check.jurorId,
            winner,
          });
        }
      }
    }
    expect(compared).toBeGreaterThan(30);
  });
});
