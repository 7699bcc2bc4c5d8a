import { aggregate, toDisplayValue } from '../../../src/results/aggregate';
import type { Aggregation, ScoreSheet } from '../../../src/results/results.types';
import { jurorBordaPoints, jurorFirstPlaces, jurorZScores } from '../../../src/results/scoreTable';
import { weighSheets } from '../../../src/results/weighted';
import { A, B, C, D, SINGLE, single } from './fixtures';

function valuesOf(aggregation: Aggregation, sheets: ScoreSheet[]): Record<number, number> {
  const entryIds = [...new Set(sheets.map((sheet) => sheet.entryId))];
  const weighted = weighSheets({ criteria: SINGLE, sheets, entryIds });
  return Object.fromEntries(aggregate({ aggregation, sheets: weighted }));
}

// Weighted score on SINGLE = 10 × value.
const MEAN_MEDIAN = [
  single(1, A, 4), // 40
  single(2, A, 9), // 90
  single(3, A, 6), // 60
  single(4, A, 8), // 80
  single(1, B, 5), // 50
  single(2, B, 3), // 30
  single(3, B, 10), // 100
  single(1, C, 7), // 70
];

describe('mean', () => {
  it('averages the weighted scores of the jurors who scored the entry', () => {
    expect(valuesOf('mean', MEAN_MEDIAN)).toEqual({
      [A]: 67.5, // (40 + 90 + 60 + 80) / 4 = 270 / 4
      [B]: 60, // (50 + 30 + 100) / 3 = 180 / 3
      [C]: 70, // one sheet
    });
  });
});

describe('median', () => {
  it('takes the middle score, or the mean of the two middle scores for an even count', () => {
    expect(valuesOf('median', MEAN_MEDIAN)).toEqual({
      [A]: 70, // sorted 40, 60, 80, 90 → (60 + 80) / 2
      [B]: 50, // sorted 30, 50, 100 → 50
      [C]: 70,
    });
  });
});

// J1 scores A, B, C; J2 scores A, B; J3 scores only C.
const PARTIAL = [
  single(1, A, 8), // 80
  single(1, B, 6), // 60
  single(1, C, 4), // 40
  single(2, A, 5), // 50
  single(2, B, 7), // 70
  single(3, C, 9), // 90
];

describe('z-score', () => {
  it('standardises each juror over the entries they scored and averages per entry', () => {
    // J1: mean 60, population sd = sqrt((20² + 0² + 20²) / 3) = sqrt(266.67) = 16.3299
    //     z(A) = 20 / 16.3299 = 1.224745 (= √1.5), z(B) = 0, z(C) = -1.224745
    // J2: mean 60, sd = 10 → z(A) = -1, z(B) = +1
    // J3: a single score → no preference among entries, left out (it used to add a 0 and halve C's value)
    // A: (1.224745 - 1) / 2 = 0.112372;  B: (0 + 1) / 2 = 0.5;  C: -1.224745 (J1 only)
    const values = valuesOf('zscore', PARTIAL);
    expect(values[A]).toBeCloseTo(0.112372, 6);
    expect(values[B]).toBeCloseTo(0.5, 10);
    expect(values[C]).toBeCloseTo(-1.224745, 6);
  });

  it('gives the neutral 0 to entries only jurors without spread scored', () => {
    // J1 scores everything 70: no preference, so no z-score signal.
    const values = valuesOf('zscore', [single(1, A, 7), single(1, B, 7), single(1, C, 7)]);
    expect(values).toEqual({ [A]: 0, [B]: 0, [C]: 0 });
  });

  it('computes a juror’s z-scores with the population sd', () => {
    // mean 50; sd = sqrt((30² + 10² + 10² + 30²) / 4) = sqrt(500) = 22.3607
    const z = jurorZScores([80, 60, 40, 20]);
    expect(z[0]).toBeCloseTo(30 / 22.36068, 5); // 1.341641
    expect(z[1]).toBeCloseTo(10 / 22.36068, 5); // 0.447214
    expect(z[2]).toBeCloseTo(-0.447214, 5);
    expect(z[3]).toBeCloseTo(-1.341641, 5);
    expect(jurorZScores([55])).toEqual([0]);
  });
});

describe('Borda', () => {
  it('gives (k - r) / (k - 1) per juror, average ranks for a juror’s own ties, 0.5 for a single entry', () => {
    expect(jurorBordaPoints([80, 60, 60, 40])).toEqual([
      1, // rank 1 of 4: (4 - 1) / 3
      0.5, // 60 and 60 share ranks 2 and 3 → 2.5: (4 - 2.5) / 3
      0.5,
      0, // rank 4: (4 - 4) / 3
    ]);
    expect(jurorBordaPoints([30, 70])).toEqual([0, 1]);
    expect(jurorBordaPoints([64])).toEqual([0.5]);
  });

  it('averages the points of jurors who scored different subsets', () => {
    const sheets = [
      single(1, A, 8), // J1 (k = 4): A 80 → 1
      single(1, B, 6), //             B 60 → 0.5 (shared rank 2.5)
      single(1, C, 6), //             C 60 → 0.5
      single(1, D, 4), //             D 40 → 0
      single(2, A, 3), // J2 (k = 2): A 30 → 0
      single(2, B, 7), //             B 70 → 1
      single(3, D, 9), // J3 (k = 1): no preference among entries, left out
    ];
    expect(valuesOf('borda', sheets)).toEqual({
      [A]: 0.5, // (1 + 0) / 2
      [B]: 0.75, // (0.5 + 1) / 2
      [C]: 0.5, // J1 only
      [D]: 0, // J1 only (J3's 0.5 would have lifted it to 0.25)
    });
  });
});

describe('jurorFirstPlaces', () => {
  it('marks every entry sharing the juror’s highest score', () => {
    expect(jurorFirstPlaces([70, 80, 80, 10])).toEqual([false, true, true, false]);
  });
});

describe('toDisplayValue', () => {
  it('shows mean and median as is, z as 50 + 10·z, Borda as 100 × points, with 2 decimals', () => {
    expect(toDisplayValue({ aggregation: 'mean', value: 200 / 3 })).toBe(66.67);
    expect(toDisplayValue({ aggregation: 'median', value: 65 })).toBe(65);
    // 50 + 10 × 0.1123724 = 51.123724 → 51.12;  50 + 10 × -0.6123724 = 43.876276 → 43.88
    expect(toDisplayValue({ aggregation: 'zscore', value: 0.1123724 })).toBe(51.12);
    expect(toDisplayValue({ aggregation: 'zscore', value: -0.6123724 })).toBe(43.88);
    expect(toDisplayValue({ aggregation: 'borda', value: 0.75 })).toBe(75);
    expect(toDisplayValue({ aggregation: 'borda', value: 1 / 6 })).toBe(16.67);
  });
});
