import { coverage, fitCalibrated } from '../../../src/results/calibrated';
import type { WeightedSheet } from '../../../src/results/results.types';
import { A, B, C, D } from './fixtures';

const sheet = (jurorId: number, entryId: number, score: number): WeightedSheet => ({
  jurorId,
  entryId,
  values: {},
  score,
});

describe('the calibrated method (quality + juror offset, least squares)', () => {
  it('equals the mean when everyone scored everything', () => {
    // J1 is 10 higher everywhere: offsets +5 / −5, quality = each entry's mean.
    const fit = fitCalibrated([sheet(1, A, 80), sheet(1, B, 60), sheet(2, A, 70), sheet(2, B, 50)]);
    expect(fit.quality.get(A)).toBeCloseTo(75, 9);
    expect(fit.quality.get(B)).toBeCloseTo(55, 9);
    expect(fit.offset.get(1)).toBeCloseTo(5, 9);
    expect(fit.offset.get(2)).toBeCloseTo(-5, 9);
    expect(fit.components).toBe(1);
  });

  it('takes a lenient juror’s leniency out of the subset they scored', () => {
    // J1 scored A 80, B 70; J2 scored B 60, C 50. Both scored B: J1 is 10 higher, so b1 − b2 = 10, b1 + b2 = 0
    // → b1 = +5, b2 = −5; A = 80 − 5 = 75, B = 70 − 5 = 65 (= 60 + 5), C = 50 + 5 = 55.
    // The mean would say A 80, B 65, C 50: A lifted and C pushed down by who happened to score them.
    const fit = fitCalibrated([sheet(1, A, 80), sheet(1, B, 70), sheet(2, B, 60), sheet(2, C, 50)]);
    expect(fit.quality.get(A)).toBeCloseTo(75, 8);
    expect(fit.quality.get(B)).toBeCloseTo(65, 8);
    expect(fit.quality.get(C)).toBeCloseTo(55, 8);
    expect(fit.offset.get(1)).toBeCloseTo(5, 8);
  });

  it('fits by least squares when the scores do not add up exactly', () => {
    // J1: A 60, B 80; J2: A 70, B 70. Complete design: quality = means (65, 75); offsets 0 and 0
    // (J1's mean 70 = J2's mean 70); the residuals (∓5, ±5) are the disagreement the model cannot explain.
    const fit = fitCalibrated([sheet(1, A, 60), sheet(1, B, 80), sheet(2, A, 70), sheet(2, B, 70)]);
    expect(fit.quality.get(A)).toBeCloseTo(65, 9);
    expect(fit.quality.get(B)).toBeCloseTo(75, 9);
    expect(fit.offset.get(1)).toBeCloseTo(0, 9);
  });

  it('counts groups of entries that share no juror (not comparable)', () => {
    const fit = fitCalibrated([sheet(1, A, 80), sheet(1, B, 70), sheet(2, C, 60), sheet(2, D, 50)]);
    expect(fit.components).toBe(2);
  });

  it('measures coverage as the share of juror × entry pairs scored', () => {
    expect(coverage([sheet(1, A, 80), sheet(1, B, 70), sheet(2, B, 60), sheet(2, C, 50)])).toBeCloseTo(
      4 / 6,
      12,
    );
    expect(coverage([sheet(1, A, 80), sheet(2, A, 70)])).toBe(1);
  });
});
