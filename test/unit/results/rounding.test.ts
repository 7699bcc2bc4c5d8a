import { roundForCompare, roundForDisplay } from '../../../src/results/rounding';

describe('roundForCompare', () => {
  it('removes float noise so equal scores compare equal', () => {
    expect(0.1 + 0.2 === 0.3).toBe(false);
    expect(roundForCompare(0.1 + 0.2)).toBe(roundForCompare(0.3));
    expect(roundForCompare(66.66666666666667)).toBe(66.666667);
  });

  it('keeps differences from the 6th decimal on', () => {
    expect(roundForCompare(60.000001)).not.toBe(roundForCompare(60));
  });
});

describe('roundForDisplay', () => {
  it('rounds to 2 decimals, half away from zero in decimal', () => {
    expect(roundForDisplay(200 / 3)).toBe(66.67);
    expect(roundForDisplay(1.005)).toBe(1.01); // stored as 1.00499999…; Math.round(x * 100) / 100 gives 1
    expect(roundForDisplay(2.675)).toBe(2.68);
    expect(roundForDisplay(-1.005)).toBe(-1.01);
    expect(roundForDisplay(78.5)).toBe(78.5);
  });

  it('never shows -0', () => {
    expect(Object.is(roundForDisplay(-0.0000001), 0)).toBe(true);
    expect(Object.is(roundForDisplay(-0.001), 0)).toBe(true);
  });

  it('agrees with the compare rounding: values that tie show the same number', () => {
    expect(roundForDisplay(0.1 + 0.2)).toBe(roundForDisplay(0.3));
    // 2.004999999 snaps to 2.005 at 6 decimals, then shows 2.01, as does 2.005
    expect(roundForDisplay(2.0049999999)).toBe(roundForDisplay(2.005));
  });
});
