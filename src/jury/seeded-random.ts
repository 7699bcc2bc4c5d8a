/**
 * A small seeded pseudo-random generator, so that a jury assignment can be reproduced exactly from its seed
 * (the organiser can re-run it and an auditor can verify it). Not for anything security-related.
 */

export type RandomSource = () => number;

/**
 * Hashes the seed's text to 32 bits (xmur3-style mixing). The number 7 and the string '7' give the same
 * stream on purpose: a seed typed into a form and one stored as a number must agree.
 */
export function hashSeed(seed: string | number): number {
  const text = String(seed);
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: uniform floats in [0, 1), fully determined by the seed. */
export function seededRandom(seed: string | number): RandomSource {
  let state = hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, maxExclusive). */
export function randomInt(random: RandomSource, maxExclusive: number): number {
  return Math.floor(random() * maxExclusive);
}

/** Fisher–Yates shuffle into a new array; the input is left untouched. */
export function shuffled<T>(items: readonly T[], random: RandomSource): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const itemI = result[i] as T;
    result[i] = result[j] as T;
    result[j] = itemI;
  }
  return result;
}
