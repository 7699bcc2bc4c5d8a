import { computeResults } from '../../../src/results/ranking';
import { ResultsInputError } from '../../../src/results/results.errors';
import type { ComputeResultsInput } from '../../../src/results/results.types';
import { A, B, C, SINGLE, single } from './fixtures';

// SINGLE: weighted = 10 × value.
//        J1   J2   J3   J4
//   A    40   90   60   80     mean 67.5 (4 scores)
//   B    50   30  100          mean 60   (3 scores)
//   C    70                   mean 70   (1 score): the best mean, on one juror's word
const INPUT: ComputeResultsInput = {
  criteria: SINGLE,
  sheets: [
    single(1, A, 4),
    single(1, B, 5),
    single(1, C, 7),
    single(2, A, 9),
    single(2, B, 3),
    single(3, A, 6),
    single(3, B, 10),
    single(4, A, 8),
  ],
  entryIds: [A, B, C, 9],
  aggregation: 'mean',
  tieBreak: [{ kind: 'firstPlaces' }],
};

describe('the minimum number of scores per entry', () => {
  it('without a minimum, the entry with one score wins', () => {
    const results = computeResults(INPUT);
    expect(results.minScores).toBe(1);
    expect(results.robustness.winnerEntryId).toBe(C);
  });

  it('shows entries under the minimum apart, with their numbers, and they cannot win', () => {
    const results = computeResults({ ...INPUT, minScores: 3 });
    expect(results.rows.map((row) => [row.entryId, row.status])).toEqual([
      [A, 'ranked'],
      [B, 'ranked'],
      [C, 'tooFewScores'],
      [9, 'notScored'],
    ]);
    expect(results.robustness.winnerEntryId).toBe(A);
    const c = results.rows.find((row) => row.entryId === C)!;
    expect(c.stats).toMatchObject({ sheetCount: 1, mean: 70, firstPlaces: 0 });
    // No check of the robustness ever names C: it is outside the ranking.
    expect(results.robustness.checks.every((check) => check.winnerEntryId !== C)).toBe(true);
    // Its sheet is still listed with the counted scores (the scores export shows it).
    expect(results.weightedSheets.filter((sheet) => sheet.entryId === C)).toHaveLength(1);
  });

  it('leaves entries under the minimum out of the jurors’ z-scores and Borda points', () => {
    // J1 scored A 40, B 50 (C left out): z −1 and +1, Borda 0 and 1. With C counted, J1's B would be z 0.
    const results = computeResults({ ...INPUT, minScores: 3, aggregation: 'borda' });
    const b = results.rows.find((row) => row.entryId === B);
    // B's Borda: J1 1, J2 0, J3 1 → 2/3.
    expect(b?.status === 'ranked' && b.standing.value).toBeCloseTo(2 / 3, 12);
  });

  it('ranks an entry that has exactly the minimum', () => {
    const results = computeResults({ ...INPUT, minScores: 4 });
    expect(results.rows.map((row) => [row.entryId, row.status])).toEqual([
      [A, 'ranked'],
      [B, 'tooFewScores'],
      [C, 'tooFewScores'],
      [9, 'notScored'],
    ]);
  });

  it('refuses a minimum that is not a whole number of at least 1', () => {
    for (const minScores of [0, -1, 1.5, Number.NaN]) {
      expect(() => computeResults({ ...INPUT, minScores })).toThrow(ResultsInputError);
    }
  });
});
