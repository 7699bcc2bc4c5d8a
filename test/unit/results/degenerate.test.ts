import { aggregate } from '../../../src/results/aggregate';
import { computeResults } from '../../../src/results/ranking';
import { buildScoreTable, degenerateReason } from '../../../src/results/scoreTable';
import { weighSheets } from '../../../src/results/weighted';
import { A, B, C, SINGLE, single } from './fixtures';

const weigh = (sheets: ReturnType<typeof single>[]) =>
  weighSheets({ criteria: SINGLE, sheets, entryIds: [A, B, C] });

describe('jurors without a preference among entries', () => {
  it('are a juror with one scored entry, or with the same score for every entry', () => {
    expect(degenerateReason([64])).toBe('singleEntry');
    expect(degenerateReason([70, 70, 70])).toBe('noSpread');
    expect(degenerateReason([70, 80])).toBeNull();
  });

  //        J1   J2   J3 (flat)   J4 (one entry)
  //   A    80   60      50           100
  //   B    60   80      50
  //   C    40   70      50
  const sheets = [
    single(1, A, 8),
    single(1, B, 6),
    single(1, C, 4),
    single(2, A, 6),
    single(2, B, 8),
    single(2, C, 7),
    single(3, A, 5),
    single(3, B, 5),
    single(3, C, 5),
    single(4, A, 10),
  ];

  it('are left out of z-score and Borda, and named with the reason', () => {
    const table = buildScoreTable(weigh(sheets));
    expect(table.degenerateJurors).toEqual([
      { jurorId: 3, reason: 'noSpread' },
      { jurorId: 4, reason: 'singleEntry' },
    ]);
    // J1: mean 60, sd √(800/3) = 16.3299 → A +1.224745, B 0, C −1.224745
    // J2: A 60, B 80, C 70: mean 70, sd √(200/3) = 8.16497 → A −1.224745, B +1.224745, C 0
    // J3 and J4 left out (they would add 0s and pull every entry toward 0).
    const z = aggregate({ aggregation: 'zscore', sheets: weigh(sheets) });
    expect(z.get(A)).toBeCloseTo(0, 12);
    expect(z.get(B)).toBeCloseTo(1.224745 / 2, 6);
    expect(z.get(C)).toBeCloseTo(-1.224745 / 2, 6);
    // Borda: J1 A 1, B 0.5, C 0; J2 A 0, B 1, C 0.5.
    const borda = aggregate({ aggregation: 'borda', sheets: weigh(sheets) });
    expect(Object.fromEntries(borda)).toEqual({ [A]: 0.5, [B]: 0.75, [C]: 0.25 });
  });

  it('still count in the mean and the median', () => {
    const mean = aggregate({ aggregation: 'mean', sheets: weigh(sheets) });
    expect(mean.get(A)).toBe((80 + 60 + 50 + 100) / 4);
  });

  it('are reported by computeResults', () => {
    const results = computeResults({
      criteria: SINGLE,
      sheets,
      entryIds: [A, B, C],
      aggregation: 'zscore',
      tieBreak: [],
    });
    expect(results.degenerateJurors.map((j) => j.jurorId)).toEqual([3, 4]);
    expect(results.rows.map((row) => row.entryId)).toEqual([B, A, C]);
  });

  it('give an entry only they scored the neutral value, so it stays in the ranking', () => {
    const only = [single(1, A, 8), single(1, B, 6), single(2, C, 9)];
    const z = aggregate({ aggregation: 'zscore', sheets: weigh(only) });
    expect(z.get(C)).toBe(0);
    const borda = aggregate({ aggregation: 'borda', sheets: weigh(only) });
    expect(borda.get(C)).toBe(0.5);
  });
});
