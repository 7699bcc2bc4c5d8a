import type { CriterionSpec, ScoreSheet } from '../../../src/results/results.types';

/** One criterion on 0..10 with weight 100: weighted score = 10 × value, easy to follow by hand. */
export const SINGLE: CriterionSpec[] = [{ id: 1, weight: 100, scaleMin: 0, scaleMax: 10 }];

/** Two criteria on 0..10, 50 % each: weighted score = 5 × (v1 + v2). */
export const HALVES: CriterionSpec[] = [
  { id: 1, weight: 50, scaleMin: 0, scaleMax: 10 },
  { id: 2, weight: 50, scaleMin: 0, scaleMax: 10 },
];

export const A = 1;
export const B = 2;
export const C = 3;
export const D = 4;

/** A sheet on SINGLE. */
export function single(jurorId: number, entryId: number, value: number): ScoreSheet {
  return { jurorId, entryId, values: { 1: value } };
}

/** A sheet on HALVES. */
export function halves(jurorId: number, entryId: number, [v1, v2]: [number, number]): ScoreSheet {
  return { jurorId, entryId, values: { 1: v1, 2: v2 } };
}

/** Deterministic pseudo-random numbers (mulberry32), so generated data sets are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * A generated edition: `entries` entries, `jurors` jurors who each score a random share of the entries
 * (coverage 1 = everything), integer values on each criterion's scale so ties happen.
 */
export function generateSheets({
  criteria,
  entries,
  jurors,
  coverage,
  seed,
}: {
  criteria: readonly CriterionSpec[];
  entries: number;
  jurors: number;
  coverage: number;
  seed: number;
}): { entryIds: number[]; sheets: ScoreSheet[] } {
  const random = seededRandom(seed);
  const entryIds = Array.from({ length: entries }, (_, index) => index + 1);
  const sheets: ScoreSheet[] = [];
  for (let jurorId = 101; jurorId < 101 + jurors; jurorId += 1) {
    for (const entryId of entryIds) {
      if (random() >= coverage) continue;
      const values: Record<number, number> = {};
      for (const criterion of criteria) {
        const steps = criterion.scaleMax - criterion.scaleMin + 1;
        values[criterion.id] = criterion.scaleMin + Math.floor(random() * steps);
      }
      sheets.push({ jurorId, entryId, values });
    }
  }
  return { entryIds, sheets };
}
