import { describe, expect, it } from 'vitest';
import { combineRounds, percentile, type Measurement } from './measurement.js';

const round = (requests: number, seconds: number, p99Ms: number, errors = 0): Measurement => ({
  requests,
  seconds,
  rps: requests / seconds,
  p50Ms: p99Ms / 4,
  p99Ms,
  errors,
  non2xx: 0,
  graphqlErrors: 0,
});

describe('percentile', () => {
  it.each([
    { values: [1, 2, 3, 4], fraction: 0.5, expected: 2 },
    { values: [1, 2, 3, 4], fraction: 0.99, expected: 4 },
    { values: [7], fraction: 0.5, expected: 7 },
    { values: [], fraction: 0.5, expected: NaN },
  ])('$fraction of $values is $expected', ({ values, fraction, expected }) => {
    expect(percentile(values, fraction)).toBe(expected);
  });
});

describe('combineRounds', () => {
  it('takes throughput over the total time, the median round latency and the sum of errors', () => {
    const combined = combineRounds([round(1000, 10, 30, 1), round(3000, 10, 10), round(2000, 10, 20, 2)]);
    expect(combined.rps).toBe(200);
    expect(combined.p99Ms).toBe(20);
    expect(combined.errors).toBe(3);
  });
});
