import { describe, expect, it } from 'vitest';
import { GROWTH_TARGET, growth, growthTable, median, type CostRow } from './databaseCost.js';
import type { Measurement } from './measurement.js';

const measurement: Measurement = {
  requests: 100,
  seconds: 1,
  rps: 100,
  p50Ms: 5,
  p99Ms: 10,
  errors: 0,
  non2xx: 0,
  graphqlErrors: 0,
};

const row = (size: number, read: CostRow['read'], devdbMs: number[]): CostRow => ({
  size,
  read,
  service: read === 'orders(customer:)' ? 'chillybin' : 'jafflr',
  measurement,
  devdbMs,
  serviceMs: devdbMs.map(() => 1),
});

describe('median', () => {
  it.each([
    { values: [3, 1, 2], expected: 2 },
    { values: [4, 1, 2, 3], expected: 2.5 },
    { values: [NaN, 5], expected: 5 },
    { values: [], expected: NaN },
  ])('of $values is $expected', ({ values, expected }) => {
    expect(median(values)).toBe(expected);
  });
});

describe('growth', () => {
  it('compares, for each read, the median round at the largest size with that at the smallest, in any order', () => {
    const growths = growth([
      row(20_000, 'toasties(last: 20)', [9, 10, 30]),
      row(100, 'toasties(last: 20)', [1, 1, 1]),
      row(2000, 'toasties(last: 20)', [3, 3, 3]),
      row(100, 'orders(customer:)', [2, 2, 2]),
      row(20_000, 'orders(customer:)', [2.5, 2.8, 2.9]),
    ]);
    expect(growths).toEqual([
      { read: 'toasties(last: 20)', smallest: 100, largest: 20_000, ratio: 10, met: false },
      { read: 'orders(customer:)', smallest: 100, largest: 20_000, ratio: 1.4, met: true },
    ]);
    expect(growthTable(growths).split('\n').slice(2)).toEqual([
      `toasties(last: 20)  100 → 20,000                             10.00×  ≤ ${GROWTH_TARGET}×  NO`,
      `orders(customer:)   100 → 20,000                              1.40×  ≤ ${GROWTH_TARGET}×  yes`,
    ]);
  });
});
