import { describe, expect, it } from 'vitest';
import { InFlightBodies } from './inFlight.js';
import {
  drawKioskRequest,
  ingredientRequest,
  KIOSK_MIX,
  kioskOperations,
  kioskRequests,
  toastiesRequest,
  type KioskRequest,
} from './traffic.js';

/** A fixed sequence of "random" numbers, so each case is the same every run. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

const variablesOf = (body: string) => (JSON.parse(body) as { variables: Record<string, unknown> }).variables;
const queryOf = (body: string) => (JSON.parse(body) as { query: string }).query;

/** A seeded generator (mulberry32) for the statistical cases. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('InFlightBodies', () => {
  it.each([
    { name: 'distinct bodies', steps: ['+a', '+b', '+c'], duplicates: 0 },
    { name: 'the same body while the first is open', steps: ['+a', '+a', '+a'], duplicates: 2 },
    { name: 'the same body after the first answered', steps: ['+a', '-a', '+a'], duplicates: 0 },
    { name: 'one of two open copies answered', steps: ['+a', '+a', '-a', '+a'], duplicates: 2 },
    { name: 'an answer for a body never sent', steps: ['-a', '+a'], duplicates: 0 },
  ])('$name: $duplicates duplicates', ({ steps, duplicates }) => {
    const inFlight = new InFlightBodies();
    for (const step of steps) {
      if (step.startsWith('+')) inFlight.start(step.slice(1));
      else inFlight.finish(step.slice(1));
    }
    expect(inFlight.duplicates).toBe(duplicates);
    expect(inFlight.requests).toBe(steps.filter((s) => s.startsWith('+')).length);
  });

  it('gives the rate of duplicates, 0 before any request', () => {
    const inFlight = new InFlightBodies();
    expect(inFlight.rate).toBe(0);
    for (const body of ['a', 'a', 'b', 'a']) inFlight.start(body);
    expect(inFlight.rate).toBe(0.5);
  });
});

/**
 * Sends `count` requests from `connections` loops that each keep one in
 * flight, answering them in turn, and gives the rate of duplicates.
 */
function simulatedRate(next: () => string, connections: number, count: number): number {
  const inFlight = new InFlightBodies();
  const open = Array.from({ length: connections }, () => next());
  for (const body of open) inFlight.start(body);
  for (let i = 0; i < count; i++) {
    const slot = i % connections;
    inFlight.finish(open[slot]!);
    open[slot] = next();
    inFlight.start(open[slot]);
  }
  return inFlight.rate;
}

describe('varied requests', () => {
  it.each([
    { name: 'ingredient', next: ingredientRequest },
    { name: 'toasties', next: toastiesRequest },
  ])('$name: with 32 connections, under 5% of requests are identical to one in flight', ({ next }) => {
    const random = seeded(7);
    expect(simulatedRate(() => next(random), 32, 20_000)).toBeLessThan(0.05);
  });

  it('ingredient: one fixed document, the name in the variables', () => {
    const body = JSON.parse(ingredientRequest(sequence(0))) as { query: string; variables: { name: string } };
    expect(body.variables).toEqual({ name: 'bench-00001', description: true });
    expect(queryOf(ingredientRequest(sequence(0.999)))).toBe(body.query);
  });

  it('toasties: last from 6 to 35 and five flags', () => {
    expect(variablesOf(toastiesRequest(sequence(0, 0, 0.9, 0, 0.9, 0)))).toEqual({
      last: 6,
      doneness: true,
      customer: false,
      createdAt: true,
      quantity: false,
      description: true,
    });
    expect(variablesOf(toastiesRequest(sequence(0.9999))).last).toBe(35);
  });
});

describe('the kiosk mix', () => {
  const hashes = kioskOperations();

  it('draws each request in its weight', () => {
    const random = seeded(11);
    const counts: Record<string, number> = {};
    const draws = 14_000;
    for (let i = 0; i < draws; i++) {
      const name = drawKioskRequest(random);
      counts[name] = (counts[name] ?? 0) + 1;
    }
    const total = Object.values(KIOSK_MIX).reduce((a, b) => a + b, 0);
    for (const [name, weight] of Object.entries(KIOSK_MIX) as [KioskRequest, number][]) {
      expect(counts[name]! / draws).toBeCloseTo(weight / total, 1);
    }
  });

  it("sends the kiosk's persisted operations by hash, and orders with cheese and a fresh idempotency key", () => {
    // 0.99 draws MakeToastie; 0.2 keeps vegemite; 0.5 picks MEDIUM.
    const next = kioskRequests(hashes, ['cheese', 'vegemite'], sequence(0.99, 0.2, 0.5));
    const order = JSON.parse(next()) as {
      query?: string;
      variables: { fillings: string[]; doneness: string; idempotencyKey: string };
      extensions: { persistedQuery: { sha256Hash: string } };
    };
    expect(order.query).toBeUndefined();
    expect(order.extensions.persistedQuery.sha256Hash).toBe(hashes.get('MakeToastie'));
    expect(order.variables).toMatchObject({ fillings: ['cheese', 'vegemite'], doneness: 'MEDIUM' });
    const again = JSON.parse(next()) as typeof order;
    expect(again.variables.idempotencyKey).not.toBe(order.variables.idempotencyKey);

    const status = JSON.parse(kioskRequests(hashes, ['cheese'], sequence(0))()) as typeof order;
    expect(status.extensions.persistedQuery.sha256Hash).toBe(hashes.get('MachineStatus'));
  });
});
