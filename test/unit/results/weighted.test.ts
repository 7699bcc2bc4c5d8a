import { ResultsInputError, type ResultsInputErrorCode } from '../../../src/results/results.errors';
import type { CriterionSpec } from '../../../src/results/results.types';
import { normaliseValue, weighSheets, weightedScore } from '../../../src/results/weighted';
import { SINGLE, single } from './fixtures';

const MIXED_SCALES: CriterionSpec[] = [
  { id: 1, weight: 50, scaleMin: 1, scaleMax: 5 },
  { id: 2, weight: 30, scaleMin: 0, scaleMax: 10 },
  { id: 3, weight: 20, scaleMin: 1, scaleMax: 10 },
];

function errorCodeOf(action: () => unknown): ResultsInputErrorCode | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof ResultsInputError) return error.code;
    throw error;
  }
  return undefined;
}

const ONE_TO_FIVE: CriterionSpec = { id: 1, weight: 100, scaleMin: 1, scaleMax: 5 };

describe('normaliseValue', () => {
  it('maps a value on its own scale to 0..100', () => {
    // (4 - 1) / (5 - 1) * 100 = 75
    expect(normaliseValue(4, ONE_TO_FIVE)).toBe(75);
    expect(normaliseValue(1, ONE_TO_FIVE)).toBe(0);
    expect(normaliseValue(5, ONE_TO_FIVE)).toBe(100);
  });
});

describe('weightedScore', () => {
  it('sums normalised values times weight/100', () => {
    // c1: (4-1)/4 = 75 → × 0.5 = 37.5;  c2: 7/10 = 70 → × 0.3 = 21;  c3: (10-1)/9 = 100 → × 0.2 = 20
    // 37.5 + 21 + 20 = 78.5
    expect(weightedScore({ criteria: MIXED_SCALES, values: { 1: 4, 2: 7, 3: 10 } })).toBeCloseTo(78.5, 10);
    // c1: (2-1)/4 = 25 → 12.5;  c2: 0 → 0;  c3: (5.5-1)/9 = 50 → 10;  12.5 + 0 + 10 = 22.5
    expect(weightedScore({ criteria: MIXED_SCALES, values: { 1: 2, 2: 0, 3: 5.5 } })).toBeCloseTo(22.5, 10);
  });

  it('does not depend on the order the criteria are listed in, to the last bit', () => {
    const criteria: CriterionSpec[] = [
      { id: 1, weight: 17, scaleMin: 0, scaleMax: 3 },
      { id: 2, weight: 29, scaleMin: 1, scaleMax: 7 },
      { id: 3, weight: 54, scaleMin: 0, scaleMax: 9 },
    ];
    const values = { 1: 1, 2: 2, 3: 5 };
    // 33.33… × 0.17 + 16.66… × 0.29 + 55.55… × 0.54 = 5.666… + 4.833… + 30 = 40.5; summed in the listed
    // order of [3, 2, 1] floats give 40.49999999999999.
    const forward = weightedScore({ criteria, values });
    const backward = weightedScore({ criteria: [...criteria].reverse(), values });
    expect(backward).toBe(forward);
    expect(forward).toBeCloseTo(40.5, 10);
  });

  it('is 0 for the lowest and 100 for the highest values on every scale', () => {
    expect(weightedScore({ criteria: MIXED_SCALES, values: { 1: 1, 2: 0, 3: 1 } })).toBe(0);
    expect(weightedScore({ criteria: MIXED_SCALES, values: { 1: 5, 2: 10, 3: 10 } })).toBeCloseTo(100, 10);
  });

  it.each([
    ['above the scale', { 1: 6, 2: 5, 3: 5 }, 'value_out_of_scale'],
    ['below the scale', { 1: 0, 2: 5, 3: 5 }, 'value_out_of_scale'],
    ['a missing criterion', { 1: 3, 2: 5 }, 'missing_criterion'],
    ['an unknown criterion', { 1: 3, 2: 5, 3: 5, 9: 1 }, 'unknown_criterion'],
    ['NaN', { 1: Number.NaN, 2: 5, 3: 5 }, 'value_not_a_number'],
    ['Infinity', { 1: 3, 2: Number.POSITIVE_INFINITY, 3: 5 }, 'value_not_a_number'],
  ])('rejects a value %s', (_label, values, code) => {
    expect(errorCodeOf(() => weightedScore({ criteria: MIXED_SCALES, values }))).toBe(code);
  });

  it.each<[string, CriterionSpec[], ResultsInputErrorCode]>([
    ['no criteria', [], 'no_criteria'],
    [
      'weights summing to 90',
      [
        { id: 1, weight: 50, scaleMin: 0, scaleMax: 10 },
        { id: 2, weight: 40, scaleMin: 0, scaleMax: 10 },
      ],
      'weights_not_100',
    ],
    [
      'a fractional weight',
      [
        { id: 1, weight: 50.5, scaleMin: 0, scaleMax: 10 },
        { id: 2, weight: 49.5, scaleMin: 0, scaleMax: 10 },
      ],
      'invalid_weight',
    ],
    ['an empty scale', [{ id: 1, weight: 100, scaleMin: 5, scaleMax: 5 }], 'invalid_scale'],
    ['a reversed scale', [{ id: 1, weight: 100, scaleMin: 10, scaleMax: 1 }], 'invalid_scale'],
    [
      'a criterion listed twice',
      [
        { id: 1, weight: 50, scaleMin: 0, scaleMax: 10 },
        { id: 1, weight: 50, scaleMin: 0, scaleMax: 10 },
      ],
      'duplicate_criterion',
    ],
    ['a non-integer id', [{ id: 1.5, weight: 100, scaleMin: 0, scaleMax: 10 }], 'invalid_id'],
  ])('rejects criteria with %s', (_label, criteria, code) => {
    expect(errorCodeOf(() => weightedScore({ criteria, values: { 1: 5, 2: 5 } }))).toBe(code);
  });
});

describe('weighSheets', () => {
  it('attaches the weighted score to each sheet', () => {
    const weighted = weighSheets({ criteria: SINGLE, sheets: [single(7, 1, 6.5)], entryIds: [1] });
    // 6.5 on 0..10 → 65, weight 100 %
    expect(weighted).toEqual([{ jurorId: 7, entryId: 1, values: { 1: 6.5 }, score: 65 }]);
  });

  it('names the offending sheet in the error', () => {
    const action = () =>
      weighSheets({ criteria: SINGLE, sheets: [single(7, 1, 5), single(8, 2, 11)], entryIds: [1, 2] });
    expect(action).toThrow(ResultsInputError);
    expect(action).toThrow(/outside 0..10/);
    try {
      action();
    } catch (error) {
      expect((error as ResultsInputError).details).toEqual({
        jurorId: 8,
        entryId: 2,
        criterionId: 1,
        value: 11,
      });
    }
  });

  it('rejects two sheets of one juror for one entry (it would count that juror twice)', () => {
    const sheets = [single(7, 1, 5), single(7, 1, 6)];
    expect(errorCodeOf(() => weighSheets({ criteria: SINGLE, sheets, entryIds: [1] }))).toBe(
      'duplicate_sheet',
    );
  });

  it('rejects a sheet for an entry that is not in the ranking', () => {
    const sheets = [single(7, 3, 5)];
    expect(errorCodeOf(() => weighSheets({ criteria: SINGLE, sheets, entryIds: [1, 2] }))).toBe(
      'unknown_entry',
    );
  });

  it('rejects an entry listed twice and invalid ids', () => {
    expect(errorCodeOf(() => weighSheets({ criteria: SINGLE, sheets: [], entryIds: [1, 1] }))).toBe(
      'duplicate_entry',
    );
    expect(errorCodeOf(() => weighSheets({ criteria: SINGLE, sheets: [], entryIds: [Number.NaN] }))).toBe(
      'invalid_id',
    );
    expect(
      errorCodeOf(() => weighSheets({ criteria: SINGLE, sheets: [single(0.5, 1, 5)], entryIds: [1] })),
    ).toBe('invalid_id');
  });
});
