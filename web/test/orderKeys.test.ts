import { describe, expect, it } from 'vitest';
import { OrderKeys } from '../kiosk/orderKeys.js';

describe("the kiosk's idempotency keys", () => {
  const cheese = { fillings: ['cheese'], doneness: 'LIGHT' };
  const ham = { fillings: ['cheese', 'ham'], doneness: 'LIGHT' };
  const cases = [
    { name: 'a new order after one was made gets a new key', first: cheese, answer: null, second: cheese, same: false },
    {
      name: 'the same order after a lost connection keeps its key',
      first: cheese,
      answer: 'NETWORK',
      second: cheese,
      same: true,
    },
    {
      name: 'the same order after the gateway timed out keeps its key',
      first: cheese,
      answer: 'SUBGRAPH_UNAVAILABLE',
      second: cheese,
      same: true,
    },
    {
      name: 'the same order after the machine was too busy keeps its key',
      first: cheese,
      answer: 'OVERLOADED',
      second: cheese,
      same: true,
    },
    {
      name: 'the same order after a definite refusal gets a new key',
      first: cheese,
      answer: 'OUT_OF_STOCK',
      second: cheese,
      same: false,
    },
    {
      name: 'another order after a lost connection gets a new key',
      first: cheese,
      answer: 'NETWORK',
      second: ham,
      same: false,
    },
  ];

  it.each(cases)('$name', ({ first, answer, second, same }) => {
    let n = 0;
    const keys = new OrderKeys(() => `key-${++n}-abcdefgh`);
    const a = keys.keyFor(first);
    keys.answered(answer);
    expect(keys.keyFor(second) === a).toBe(same);
  });
});
