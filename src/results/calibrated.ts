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
 *
 * The same fit runs with a weight per juror (fitDesign): 0 leaves a juror out (the leave-one-out robustness checks),
 * 2 counts a juror drawn twice twice (the bootstrap). It is one of the five aggregations an edition can fix in
 * advance; aggregate.ts asks calibratedValues for an entry's value, kept per score table and left-out juror.
 */
import type { WeightedSheet } from './results.types';
import type { ScoreTable } from './scoreTable';

export interface CalibratedFit {
  /** entryId → estimated quality, on the weighted-score scale (0..100-like). */
  quality: Map<number, number>;
  /** jurorId → offset: how much higher than the others this juror scores the same entry. */
  offset: Map<number, number>;
  /** Number of groups of entries linked through shared jurors; above 1 the groups are not comparable. */
  components: number;
  iterations: number;
}

/** Sheets as flat arrays, in canonical order (by entry, then juror), for fits that run thousands of times. */
export interface CalibratedDesign {
  entryIds: number[];
  /** Ascending. */
  jurorIds: number[];
  /** Per sheet: the entry's and the juror's index, and the weighted score. */
  se: Int32Array;
  sj: Int32Array;
  score: Float64Array;
}

export interface DesignFit {
  quality: Float64Array;
  offset: Float64Array;
  /** 1 when the entry had a juror with weight > 0 (it has a quality), 0 otherwise. */
  present: Uint8Array;
  iterations: number;
}

const TOLERANCE = 1e-10;
const MAX_ITERATIONS = 2000;

/** Groups of entries linked through shared jurors (see CalibratedFit.components). */
export function countComponents(sheets: readonly WeightedSheet[]): number {
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

/** The design of sheets already in canonical order (by entry, then juror). */
function designOfOrdered(ordered: readonly WeightedSheet[]): CalibratedDesign {
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
  return { entryIds, jurorIds, se, sj, score };
}

export function designOf(sheets: readonly WeightedSheet[]): CalibratedDesign {
  return designOfOrdered([...sheets].sort((a, b) => a.entryId - b.entryId || a.jurorId - b.jurorId));
}

/**
 * Weighted least squares on a design: minimises Σ w(j)·(score − quality(i) − offset(j))² over the sheets of jurors
 * with w(j) > 0, offsets averaging 0 over the jurors counted as often as their weight (a juror drawn twice is two
 * identical jurors). `weight` null counts every juror once. `start` warm-starts from an earlier fit (the bootstrap
 * starts every round from the full fit, which it is close to).
 */
export function fitDesign(
  design: CalibratedDesign,
  weight: Float64Array | null = null,
  start?: Pick<DesignFit, 'quality' | 'offset'>,
): DesignFit {
  if (preferExact(design)) {
    const exact = solveExact(design, weight ?? new Float64Array(design.jurorIds.length).fill(1));
    if (exact) return exact;
  }
  return fitAlternating(design, weight, start);
}

/**
 * Sparse designs (each entry scored by a few of the jurors) converge slowly by alternating steps (~17 steps at 5 of
 * 25), but their normal equations for the jurors' offsets are cheap to build (Σ over entries of jurors²) and small
 * (jurors × jurors): solve them exactly. Dense designs converge in one or two alternating steps, cheaper than
 * building the equations (at 500 × 25, 12,500 sheets against 312,500 pairs).
 */
const designCost = new WeakMap<CalibratedDesign, boolean>();
function preferExact(design: CalibratedDesign): boolean {
  let exact = designCost.get(design);
  if (exact === undefined) {
    let pairs = 0;
    let run = 0;
    for (let k = 0; k < design.se.length; k += 1) {
      run = k > 0 && design.se[k] === design.se[k - 1] ? run + 1 : 1;
      // Adding the run's k-th sheet adds 2k − 1 pairs (itself and both orders with the earlier ones).
      pairs += 2 * run - 1;
    }
    exact = design.jurorIds.length <= 200 && pairs <= 8 * design.se.length;
    designCost.set(design, exact);
  }
  return exact;
}

/**
 * The exact weighted least-squares fit through the offsets' normal equations. With m(i) the weighted mean of entry
 * i and W(i) its total weight, the offsets solve, for every juror j with weight w(j) > 0,
 *     w(j)·n(j)·b(j) − Σ over entries i of j, Σ over jurors k of i: w(j)·w(k)/W(i)·b(k) = w(j)·Σ over i of j (s(i,j) − m(i)),
 * a symmetric system whose only freedom (connected design) is a constant added to all offsets; adding w·wᵀ removes
 * it and, since the right side sums to 0, makes the weighted offsets average 0, as the alternating fit does. Solved
 * by Cholesky; null when a pivot vanishes (the design falls apart into groups): the alternating fit then decides.
 */
function solveExact(design: CalibratedDesign, w: Float64Array): DesignFit | null {
  const { se, sj, score } = design;
  const n = score.length;
  const entries = design.entryIds.length;
  const J = design.jurorIds.length;
  const entryWeight = new Float64Array(entries);
  const entrySum = new Float64Array(entries);
  for (let k = 0; k < n; k += 1) {
    const wj = w[sj[k] as number] as number;
    if (wj === 0) continue;
    const e = se[k] as number;
    entryWeight[e] = (entryWeight[e] as number) + wj;
    entrySum[e] = (entrySum[e] as number) + wj * (score[k] as number);
  }
  const A = new Float64Array(J * J);
  const rhs = new Float64Array(J);
  let totalWeight = 0;
  for (let j = 0; j < J; j += 1) totalWeight += w[j] as number;
  if (totalWeight === 0) return null;
  for (let begin = 0; begin < n;) {
    const e = se[begin] as number;
    let end = begin;
    while (end < n && se[end] === e) end += 1;
    const W = entryWeight[e] as number;
    if (W > 0) {
      const m = (entrySum[e] as number) / W;
      for (let a = begin; a < end; a += 1) {
        const j = sj[a] as number;
        const wj = w[j] as number;
        if (wj === 0) continue;
        rhs[j] = (rhs[j] as number) + wj * ((score[a] as number) - m);
        A[j * J + j] = (A[j * J + j] as number) + wj;
        for (let b = begin; b < end; b += 1) {
          const k = sj[b] as number;
          const wk = w[k] as number;
          if (wk === 0) continue;
          A[j * J + k] = (A[j * J + k] as number) - (wj * wk) / W;
        }
      }
    }
    begin = end;
  }
  // w·wᵀ (scaled to the size of the diagonal), and 1 on the diagonal of jurors not drawn (their offset stays 0).
  const scale = 1 / totalWeight;
  for (let j = 0; j < J; j += 1) {
    const wj = w[j] as number;
    if (wj === 0) {
      A[j * J + j] = 1;
      continue;
    }
    for (let k = 0; k < J; k += 1) A[j * J + k] = (A[j * J + k] as number) + scale * wj * (w[k] as number);
  }
  // Cholesky, in place (lower triangle).
  for (let j = 0; j < J; j += 1) {
    let diagonal = A[j * J + j] as number;
    for (let k = 0; k < j; k += 1) diagonal -= (A[j * J + k] as number) ** 2;
    if (!(diagonal > 1e-9)) return null;
    const root = Math.sqrt(diagonal);
    A[j * J + j] = root;
    for (let i = j + 1; i < J; i += 1) {
      let sum = A[i * J + j] as number;
      for (let k = 0; k < j; k += 1) sum -= (A[i * J + k] as number) * (A[j * J + k] as number);
      A[i * J + j] = sum / root;
    }
  }
  const y = new Float64Array(J);
  for (let i = 0; i < J; i += 1) {
    let sum = rhs[i] as number;
    for (let k = 0; k < i; k += 1) sum -= (A[i * J + k] as number) * (y[k] as number);
    y[i] = sum / (A[i * J + i] as number);
  }
  const b = new Float64Array(J);
  for (let i = J - 1; i >= 0; i -= 1) {
    let sum = y[i] as number;
    for (let k = i + 1; k < J; k += 1) sum -= (A[k * J + i] as number) * (b[k] as number);
    b[i] = sum / (A[i * J + i] as number);
  }
  const q = new Float64Array(entries);
  for (let k = 0; k < n; k += 1) {
    const j = sj[k] as number;
    const wj = w[j] as number;
    if (wj === 0) continue;
    const e = se[k] as number;
    q[e] = (q[e] as number) + (wj * ((score[k] as number) - (b[j] as number))) / (entryWeight[e] as number);
  }
  const present = Uint8Array.from(entryWeight, (total) => (total > 0 ? 1 : 0));
  return { quality: q, offset: b, present, iterations: 0 };
}

/** The alternating fit (see the file's header), for dense designs and as the fallback of the exact one. */
function fitAlternating(
  design: CalibratedDesign,
  weight: Float64Array | null = null,
  start?: Pick<DesignFit, 'quality' | 'offset'>,
): DesignFit {
  const { se, sj, score } = design;
  const n = score.length;
  const entries = design.entryIds.length;
  const jurors = design.jurorIds.length;
  const w = weight ?? new Float64Array(jurors).fill(1);
  const entryWeight = new Float64Array(entries);
  const jurorCount = new Float64Array(jurors);
  for (let k = 0; k < n; k += 1) {
    const e = se[k] as number;
    const j = sj[k] as number;
    entryWeight[e] = (entryWeight[e] as number) + (w[j] as number);
    jurorCount[j] = (jurorCount[j] as number) + 1;
  }
  let totalWeight = 0;
  for (let j = 0; j < jurors; j += 1) totalWeight += w[j] as number;
  const present = Uint8Array.from(entryWeight, (total) => (total > 0 ? 1 : 0));
  const q = start ? Float64Array.from(start.quality) : new Float64Array(entries);
  const b = start ? Float64Array.from(start.offset) : new Float64Array(jurors);
  const sumE = new Float64Array(entries);
  const sumJ = new Float64Array(jurors);
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations += 1) {
    let change = 0;
    sumE.fill(0);
    for (let k = 0; k < n; k += 1) {
      const j = sj[k] as number;
      const wj = w[j] as number;
      if (wj === 0) continue;
      const e = se[k] as number;
      sumE[e] = (sumE[e] as number) + wj * ((score[k] as number) - (b[j] as number));
    }
    for (let i = 0; i < entries; i += 1) {
      if (!present[i]) continue;
      const next = (sumE[i] as number) / (entryWeight[i] as number);
      change = Math.max(change, Math.abs(next - (q[i] as number)));
      q[i] = next;
    }
    sumJ.fill(0);
    for (let k = 0; k < n; k += 1) {
      const j = sj[k] as number;
      if ((w[j] as number) === 0) continue;
      sumJ[j] = (sumJ[j] as number) + (score[k] as number) - (q[se[k] as number] as number);
    }
    let meanOffset = 0;
    for (let j = 0; j < jurors; j += 1) {
      const wj = w[j] as number;
      if (wj === 0) continue;
      const next = (sumJ[j] as number) / (jurorCount[j] as number);
      change = Math.max(change, Math.abs(next - (b[j] as number)));
      b[j] = next;
      meanOffset += wj * next;
    }
    // The model only fixes differences: offsets average 0, so quality stays on the scores' own scale.
    meanOffset /= totalWeight || 1;
    for (let j = 0; j < jurors; j += 1) if ((w[j] as number) !== 0) b[j] = (b[j] as number) - meanOffset;
    for (let i = 0; i < entries; i += 1) if (present[i]) q[i] = (q[i] as number) + meanOffset;
    if (change < TOLERANCE) break;
  }
  return { quality: q, offset: b, present, iterations };
}

export function fitCalibrated(sheets: readonly WeightedSheet[]): CalibratedFit {
  const design = designOf(sheets);
  const fit = fitDesign(design);
  return {
    quality: new Map(design.entryIds.map((id, i) => [id, fit.quality[i] as number])),
    offset: new Map(design.jurorIds.map((id, j) => [id, fit.offset[j] as number])),
    components: countComponents(sheets),
    iterations: fit.iterations,
  };
}

interface TableFits {
  design: CalibratedDesign;
  full: DesignFit;
  /** Fits without one juror (undefined key: nobody left out), entryId → quality. */
  values: Map<number | undefined, Map<number, number>>;
}

// Per score table: the ranking, the robustness checks and the bootstrap all ask for the same fits.
const fitsByTable = new WeakMap<ScoreTable, TableFits>();

/** The design and the full fit of a score table's sheets (kept with the table). */
export function tableFit(table: ScoreTable): { design: CalibratedDesign; full: DesignFit } {
  let fits = fitsByTable.get(table);
  if (!fits) {
    // The table's entries are by entryId and their contributions by jurorId: canonical order already.
    const design = designOfOrdered(
      table.entries.flatMap((entry) => entry.contributions.map((contribution) => contribution.sheet)),
    );
    fits = { design, full: fitDesign(design), values: new Map() };
    fitsByTable.set(table, fits);
  }
  return fits;
}

/** entryId → calibrated quality of every entry with a sheet left, optionally without one juror. */
export function calibratedValues(table: ScoreTable, excludeJurorId?: number): Map<number, number> {
  tableFit(table);
  const fits = fitsByTable.get(table) as TableFits;
  const kept = fits.values.get(excludeJurorId);
  if (kept) return kept;
  const { design, full } = fits;
  let fit = full;
  const excluded = excludeJurorId === undefined ? -1 : design.jurorIds.indexOf(excludeJurorId);
  if (excluded >= 0) {
    const weight = new Float64Array(design.jurorIds.length).fill(1);
    weight[excluded] = 0;
    fit = fitDesign(design, weight, full);
  }
  const values = new Map<number, number>();
  design.entryIds.forEach((entryId, i) => {
    if (fit.present[i]) values.set(entryId, fit.quality[i] as number);
  });
  fits.values.set(excludeJurorId, values);
  return values;
}

/** Share of juror × entry pairs that have a sheet (1: everyone scored everything). */
export function coverage(sheets: readonly WeightedSheet[]): number {
  const entries = new Set(sheets.map((s) => s.entryId)).size;
  const jurors = new Set(sheets.map((s) => s.jurorId)).size;
  return entries * jurors === 0 ? 1 : sheets.length / (entries * jurors);
}
