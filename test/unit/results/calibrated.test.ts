import { coverage, designOf, fitCalibrated, fitDesign } from '../../../src/results/calibrated';
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
    // A sparse design: solved exactly through the offsets' normal equations, no alternating steps.
    expect(fit.iterations).toBe(0);
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
    // The normal equations are singular here: the alternating fit decides (each group keeps its own scale).
    expect(fit.iterations).toBeGreaterThan(0);
    expect(fit.quality.get(A)! - fit.quality.get(B)!).toBeCloseTo(10, 8);
  });

  it('measures coverage as the share of juror × entry pairs scored', () => {
    expect(coverage([sheet(1, A, 80), sheet(1, B, 70), sheet(2, B, 60), sheet(2, C, 50)])).toBeCloseTo(
      4 / 6,
      12,
    );
    expect(coverage([sheet(1, A, 80), sheet(2, A, 70)])).toBe(1);
  });
});

describe('the weighted fit (leave-one-out and bootstrap rounds)', () => {
  // J1 A 80, B 70; J2 B 60, C 50; J3 A 90, C 70.
  const sheets = [
    sheet(1, A, 80),
    sheet(1, B, 70),
    sheet(2, B, 60),
    sheet(2, C, 50),
    sheet(3, A, 90),
    sheet(3, C, 70),
  ];
  const design = designOf(sheets);
  const quality = (fit: { quality: Float64Array; present: Uint8Array }) =>
    design.entryIds.map((_, i) => (fit.present[i] ? (fit.quality[i] as number) : null));

  it('with weight 0 for a juror equals fitting without their sheets', () => {
    const without = fitCalibrated(sheets.filter((s) => s.jurorId !== 3));
    const weighted = fitDesign(design, Float64Array.from([1, 1, 0]));
    // Without J3 this is the hand-worked design above: A 75, B 65, C 55.
    expect(quality(weighted)[0]).toBeCloseTo(75, 8);
    expect(quality(weighted)[1]).toBeCloseTo(without.quality.get(B)!, 8);
    expect(quality(weighted)[2]).toBeCloseTo(without.quality.get(C)!, 8);
  });

  it('with weight 2 for a juror equals that juror listed twice under two ids', () => {
    const twice = fitCalibrated([...sheets, sheet(4, A, 90), sheet(4, C, 70)]);
    const weighted = fitDesign(design, Float64Array.from([1, 1, 2]), fitDesign(design));
    for (const [i, id] of design.entryIds.entries())
      expect(quality(weighted)[i]).toBeCloseTo(twice.quality.get(id)!, 8);
  });

  it('leaves an entry without a drawn juror without a value', () => {
    // Only J2 drawn: A has no sheet in the round.
    expect(quality(fitDesign(design, Float64Array.from([0, 1, 0])))[0]).toBeNull();
  });
});
