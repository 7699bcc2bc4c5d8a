import type { CriterionSpec } from '../../../src/results/results.types';
import { entryStats, median, sampleSd } from '../../../src/results/stats';
import { weighSheets } from '../../../src/results/weighted';

const CRITERIA: CriterionSpec[] = [
  { id: 1, weight: 60, scaleMin: 1, scaleMax: 5 },
  { id: 2, weight: 40, scaleMin: 0, scaleMax: 10 },
];

describe('sampleSd', () => {
  it('divides by n - 1', () => {
    // mean 67.5; deviations -27.5, 22.5, -7.5, 12.5 → squares 756.25 + 506.25 + 56.25 + 156.25 = 1475
    // 1475 / 3 = 491.667 → sqrt = 22.173558
    expect(sampleSd([40, 90, 60, 80])).toBeCloseTo(22.173558, 5);
  });

  it('is null for fewer than two values: one score says nothing about disagreement', () => {
    expect(sampleSd([70])).toBeNull();
    expect(sampleSd([])).toBeNull();
  });
});

describe('median', () => {
  it('does not reorder its input', () => {
    const values = [3, 1, 2, 4];
    expect(median(values)).toBe(2.5);
    expect(values).toEqual([3, 1, 2, 4]);
  });
});

describe('entryStats', () => {
  it('describes the weighted scores and each criterion', () => {
    const sheets = weighSheets({
      criteria: CRITERIA,
      entryIds: [1],
      sheets: [
        // c1 (4-1)/4 = 75 × 0.6 = 45;  c2 5/10 = 50 × 0.4 = 20 → 65
        { jurorId: 1, entryId: 1, values: { 1: 4, 2: 5 } },
        // c1 (5-1)/4 = 100 × 0.6 = 60;  c2 10/10 = 100 × 0.4 = 40 → 100
        { jurorId: 2, entryId: 1, values: { 1: 5, 2: 10 } },
        // c1 (2-1)/4 = 25 × 0.6 = 15;  c2 0 → 15
        { jurorId: 3, entryId: 1, values: { 1: 2, 2: 0 } },
      ],
    });
    const stats = entryStats({ sheets, criteria: CRITERIA, firstPlaces: 2 });
    expect(stats).toMatchObject({ sheetCount: 3, median: 65, min: 15, max: 100, firstPlaces: 2 });
    // (65 + 100 + 15) / 3 = 60
    expect(stats.mean).toBeCloseTo(60, 10);
    // deviations 5, 40, -45 → 25 + 1600 + 2025 = 3650 / 2 = 1825 → sqrt = 42.720019
    expect(stats.sd).toBeCloseTo(42.720019, 5);
    expect(stats.criteria).toHaveLength(2);
    // c1 raw (4 + 5 + 2) / 3 = 3.6667; normalised (75 + 100 + 25) / 3 = 66.6667
    expect(stats.criteria[0]).toMatchObject({ criterionId: 1, min: 2, max: 5 });
    expect(stats.criteria[0]?.mean).toBeCloseTo(3.666667, 5);
    expect(stats.criteria[0]?.normalisedMean).toBeCloseTo(66.666667, 5);
    // c2 raw (5 + 10 + 0) / 3 = 5; normalised 50
    expect(stats.criteria[1]).toMatchObject({ criterionId: 2, min: 0, max: 10 });
    expect(stats.criteria[1]?.mean).toBeCloseTo(5, 10);
    expect(stats.criteria[1]?.normalisedMean).toBeCloseTo(50, 10);
  });

  it('has a null sd with one sheet and nulls without sheets', () => {
    const [sheet] = weighSheets({
      criteria: CRITERIA,
      entryIds: [1],
      sheets: [{ jurorId: 1, entryId: 1, values: { 1: 1, 2: 10 } }],
    });
    expect(entryStats({ sheets: sheet ? [sheet] : [], criteria: CRITERIA, firstPlaces: 1 })).toMatchObject({
      sheetCount: 1,
      mean: 40, // 0 × 0.6 + 100 × 0.4
      sd: null,
    });
    expect(entryStats({ sheets: [], criteria: CRITERIA, firstPlaces: 0 })).toEqual({
      sheetCount: 0,
      mean: null,
      median: null,
      sd: null,
      min: null,
      max: null,
      firstPlaces: 0,
      criteria: [
        { criterionId: 1, mean: null, normalisedMean: null, min: null, max: null },
        { criterionId: 2, mean: null, normalisedMean: null, min: null, max: null },
      ],
    });
  });
});
