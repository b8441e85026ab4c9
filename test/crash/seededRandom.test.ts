import { describe, expect, it } from 'vitest';
import { seedFrom, seededRandom, stratified } from '../support/seededRandom.js';

describe('seededRandom', () => {
  it('draws the same numbers in [0, 1) for the same seed, and others for another', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    for (const n of draw(7)) expect(n >= 0 && n < 1).toBe(true);
  });

  it('stratified draws one point in each equal slice, in order', () => {
    const points = stratified(seededRandom(1), 4);
    points.forEach((p, i) => expect(Math.floor(p * 4)).toBe(i));
  });

  it.each([
    { value: '12', seed: 12 },
    { value: '-1', error: /non-negative integer/ },
    { value: '1.5', error: /non-negative integer/ },
    { value: 'abc', error: /non-negative integer/ },
  ])('a seed given as $value', ({ value, seed, error }) => {
    if (error) expect(() => seedFrom(value)).toThrow(error);
    else expect(seedFrom(value)).toBe(seed);
  });
});
