import { randomInt } from 'node:crypto';

/**
 * A seed from CRASH_SEED-style input, or a fresh one: tests that draw their
 * timings at random print the seed, so a failing run can be replayed.
 */
export function seedFrom(value: string | undefined): number {
  if (value === undefined || value === '') return randomInt(2 ** 31);
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`a seed is a non-negative integer, got ${JSON.stringify(value)}`);
  return seed;
}

/** mulberry32: numbers in [0, 1), the same sequence for the same seed on every machine. */
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

/**
 * `count` points in [0, 1), one drawn in each of `count` equal strata, so that
 * a few random moments still spread over the whole range.
 */
export function stratified(random: () => number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + random()) / count);
}
