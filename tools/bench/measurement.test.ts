import { describe, expect, it } from 'vitest';
import { errorCodesOf } from './httpLoad.js';
import { combineRounds, formatCounts, percentile, type Measurement } from './measurement.js';

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

describe('GraphQL error codes', () => {
  it("adds up each round's codes, and says nothing of codes when no round counted them", () => {
    const combined = combineRounds([
      { ...round(100, 10, 10), errorCodes: { OVERLOADED: 3 } },
      { ...round(100, 10, 10), errorCodes: { OVERLOADED: 1, CHILLYBIN_UNAVAILABLE: 2 } },
    ]);
    expect(combined.errorCodes).toEqual({ OVERLOADED: 4, CHILLYBIN_UNAVAILABLE: 2 });
    expect(combineRounds([round(100, 10, 10)]).errorCodes).toBeUndefined();
  });

  it.each([
    {
      body: '{"errors":[{"message":"m","extensions":{"code":"OVERLOADED","reason":"queue full"}},{"message":"n"}],"data":null}',
      codes: ['OVERLOADED (queue full)', '(no code)'],
    },
    { body: '{"data":{"ok":true}}', codes: [] },
    { body: 'Internal "errors"', codes: ['(not JSON)'] },
  ])('reads the codes of $body', ({ body, codes }) => {
    expect(errorCodesOf(body)).toEqual(codes);
  });

  it('lists the most frequent first', () => {
    expect(formatCounts({ B: 1, OVERLOADED: 40, A: 1 })).toBe('OVERLOADED 40, A 1, B 1');
    expect(formatCounts(undefined)).toBe('');
  });
});
