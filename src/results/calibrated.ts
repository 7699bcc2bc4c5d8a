/**
 * The calibrated method, pure: an additive model fitted by least squares,
 *
 *     score(juror j, entry i) = quality(i) + offset(j) + error,     with the jurors' offsets averaging 0,
 *
 * so a lenient juror's +10 is taken out of every entry they scored instead of lifting only their subset (what the
 * mean does when jurors scored different sets), without z-scores' distortions on small sets (a juror with two
 * entries always gives ±1). With everyone scoring everything, quality is exactly the entry's mean.
 *
 * Fitted by alternating least squares (each step solves one block exactly, so the sum of squares never rises),
 * in a fixed order, until no value moves by more than 1e-10. Entries and jurors that share no sheets with the
 * others (a disconnected design) cannot be compared: `components` says so, and the page then says it plainly.
 */
import type { WeightedSheet } from './results.types';

export interface CalibratedFit {
  /** entryId → estimated quality, on the weighted-score scale (0..100-like). */
  quality: Map<number, number>;
  /** jurorId → offset: how much higher than the others this juror scores the same entry. */
  offset: Map<number, number>;
  /** Number of groups of entries linked through shared jurors; above 1 the groups are not comparable. */
  components: number;
  iterations: number;
}

const TOLERANCE = 1e-10;
const MAX_ITERATIONS = 2000;

function countComponents(sheets: readonly WeightedSheet[]): number {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(x, root);
    return root;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  for (const sheet of sheets) {
    const e = `e${sheet.entryId}`;
    const j = `j${sheet.jurorId}`;
    add(e);
    add(j);
    const a = find(e);
    const b = find(j);
    if (a !== b) parent.set(a, b);
  }
  return new Set([...parent.keys()].filter((k) => k.startsWith('e')).map(find)).size;
}

export function fitCalibrated(sheets: readonly WeightedSheet[]): CalibratedFit {
  const ordered = [...sheets].sort((a, b) => a.entryId - b.entryId || a.jurorId - b.jurorId);
  const entryIds = [...new Set(ordered.map((s) => s.entryId))];
  const jurorIds = [...new Set(ordered.map((s) => s.jurorId))].sort((a, b) => a - b);
  const entryIndex = new Map(entryIds.map((id, index) => [id, index]));
  const jurorIndex = new Map(jurorIds.map((id, index) => [id, index]));
  const n = ordered.length;
  const se = new Int32Array(n);
  const sj = new Int32Array(n);
  const score = new Float64Array(n);
  ordered.forEach((sheet, k) => {
    se[k] = entryIndex.get(sheet.entryId) as number;
    sj[k] = jurorIndex.get(sheet.jurorId) as number;
    score[k] = sheet.score;
  });
  const entryCount = new Float64Array(entryIds.length);
  const jurorCount = new Float64Array(jurorIds.length);
  for (let k = 0; k < n; k += 1) {
    const e = se[k] as number;
    const j = sj[k] as number;
    entryCount[e] = (entryCount[e] as number) + 1;
    jurorCount[j] = (jurorCount[j] as number) + 1;
  }
  const q = new Float64Array(entryIds.length);
  const b = new Float64Array(jurorIds.length);
  const sumE = new Float64Array(entryIds.length);
  const sumJ = new Float64Array(jurorIds.length);
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations += 1) {
    let change = 0;
    sumE.fill(0);
    for (let k = 0; k < n; k += 1) {
      const e = se[k] as number;
      sumE[e] = (sumE[e] as number) + (score[k] as number) - (b[sj[k] as number] as number);
    }
    for (let i = 0; i < q.length; i += 1) {
      const next = (sumE[i] as number) / (entryCount[i] as number);
      change = Math.max(change, Math.abs(next - (q[i] as number)));
      q[i] = next;
    }
    sumJ.fill(0);
    for (let k = 0; k < n; k += 1) {
      const j = sj[k] as number;
      sumJ[j] = (sumJ[j] as number) + (score[k] as number) - (q[se[k] as number] as number);
    }
    let meanOffset = 0;
    for (let j = 0; j < b.length; j += 1) {
      const next = (sumJ[j] as number) / (jurorCount[j] as number);
      change = Math.max(change, Math.abs(next - (b[j] as number)));
      b[j] = next;
      meanOffset += next;
    }
    // The model only fixes differences: offsets average 0, so quality stays on the scores' own scale.
    meanOffset /= b.length || 1;
    for (let j = 0; j < b.length; j += 1) b[j] = (b[j] as number) - meanOffset;
    for (let i = 0; i < q.length; i += 1) q[i] = (q[i] as number) + meanOffset;
    if (change < TOLERANCE) break;
  }
  return {
    quality: new Map(entryIds.map((id, i) => [id, q[i] as number])),
    offset: new Map(jurorIds.map((id, j) => [id, b[j] as number])),
    components: countComponents(ordered),
    iterations,
  };
}

/** Share of juror × entry pairs that have a sheet (1: everyone scored everything). */
export function coverage(sheets: readonly WeightedSheet[]): number {
  const entries = new Set(sheets.map((s) => s.entryId)).size;
  const jurors = new Set(sheets.map((s) => s.jurorId)).size;
  return entries * jurors === 0 ? 1 : sheets.length / (entries * jurors);
}
