const COMPARE_FACTOR = 1e6;
const DISPLAY_DECIMALS = 2;

/**
 * Ranking compares values rounded to 6 decimals: two entries with the same scores must tie even when
 * floating-point sums leave them 1e-14 apart, or a fake difference would decide a prize.
 */
export function roundForCompare(value: number): number {
  if (!Number.isFinite(value)) return value;
  // Math.round rather than toFixed: this runs for every score in every leave-one-out recomputation.
  // `|| 0` turns -0 into 0 so it never prints as "-0".
  return Math.round(value * COMPARE_FACTOR) / COMPARE_FACTOR || 0;
}

/**
 * The 2-decimal number every page and export shows. It first snaps to the compare precision, so entries
 * that tie in the ranking always show the same number, then rounds half away from zero in decimal
 * (1.005 -> 1.01, where Math.round(1.005 * 100) would give 1.00 because 1.005 is stored as 1.00499…).
 */
export function roundForDisplay(value: number): number {
  const snapped = roundForCompare(value);
  const magnitude = Math.abs(snapped);
  // Beyond 1e15 a double has no decimals left to round (and the string trick would meet exponent notation).
  if (!Number.isFinite(snapped) || magnitude >= 1e15) return snapped;
  const rounded = Number(`${Math.round(Number(`${magnitude}e${DISPLAY_DECIMALS}`))}e-${DISPLAY_DECIMALS}`);
  return Math.sign(snapped) * rounded || 0;
}
