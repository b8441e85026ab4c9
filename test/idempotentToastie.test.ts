import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useToastieSystem } from './support/toastieSteps.js';

// makeToastie with an idempotencyKey: retries, even racing ones, make one toastie and take stock once.

const paths = [
  { path: 'v1', customer: 'bob' },
  { path: 'v2', customer: 'alice' },
];

describe.each(paths)('idempotent makeToastie on the $path path', ({ customer }) => {
  const { steps } = useToastieSystem({ FEATURE_PICK_V2: 'alice' });

  it('a retry after success returns the same toastie and takes nothing', async () => {
    const input = { fillings: ['cheese'], customer, idempotencyKey: randomUUID() };
    const first = await steps.make(input);
    const retry = await steps.make(input);
    expect(retry.data?.makeToastie.id).toBe(first.data?.makeToastie.id);
    expect(await steps.stockLevels()).toEqual({ bread: 8, cheese: 9, vegemite: 10 });
  });

  it('8 racing calls with one key: one toastie, the same id for all, stock taken once', async () => {
    const input = { fillings: ['cheese', 'vegemite'], customer, idempotencyKey: randomUUID() };
    const before = await steps.toastieIds();
    const results = await Promise.all(Array.from({ length: 8 }, () => steps.make(input)));

    expect(results.map((r) => r.errors)).toEqual(Array(8).fill(undefined));
    const ids = new Set(results.map((r) => r.data?.makeToastie.id));
    expect(ids.size).toBe(1);
    expect(await steps.stockLevels()).toEqual({ bread: 8, cheese: 9, vegemite: 9 });
    expect(await steps.toastieIds()).toEqual([...ids, ...before]);
  });

  it('racing calls with one key that cannot be made all fail alike, and stock is unchanged', async () => {
    await steps.restock([{ name: 'vegemite', quantity: 0 }]);
    const input = { fillings: ['cheese', 'vegemite'], customer, idempotencyKey: randomUUID() };
    const results = await Promise.all(Array.from({ length: 5 }, () => steps.make(input)));
    expect(results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(Array(5).fill('OUT_OF_STOCK'));
    expect(await steps.stockLevels()).toEqual({ bread: 10, cheese: 10, vegemite: 0 });
  });

  it('a key whose toastie failed may be retried, and the retry makes it', async () => {
    await steps.restock([{ name: 'vegemite', quantity: 0 }]);
    const input = { fillings: ['cheese', 'vegemite'], customer, idempotencyKey: randomUUID() };
    expect((await steps.make(input)).errors?.[0]?.extensions?.code).toBe('OUT_OF_STOCK');

    await steps.restock([{ name: 'vegemite', quantity: 1 }]);
    const retry = await steps.make(input);
    expect(retry.errors).toBeUndefined();
    expect(await steps.stockLevels()).toEqual({ bread: 8, cheese: 9, vegemite: 0 });
    expect((await steps.make(input)).data?.makeToastie.id).toBe(retry.data?.makeToastie.id);
  });
});

describe('idempotencyKey checks', () => {
  const { steps } = useToastieSystem({}, { restockEachTest: false });

  it('refuses one key for a different toastie with CONFLICT, taking nothing', async () => {
    await steps.restock();
    const idempotencyKey = randomUUID();
    await steps.make({ fillings: ['cheese'], idempotencyKey });
    const result = await steps.make({ fillings: ['cheese', 'vegemite'], idempotencyKey });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', argument: 'idempotencyKey' });
    expect(await steps.stockLevels()).toEqual({ bread: 8, cheese: 9, vegemite: 10 });
  });

  const keys = [
    { key: 'short', code: 'BAD_USER_INPUT' },
    { key: 'k'.repeat(65), code: 'BAD_USER_INPUT' },
    { key: 'has spaces in it', code: 'BAD_USER_INPUT' },
    { key: '{"$gt":""}-operator', code: 'BAD_USER_INPUT' },
    { key: 'order_2026-11-21_0001', code: undefined },
  ];

  it.each(keys)('key $key → $code', async ({ key, code }) => {
    await steps.restock();
    const result = await steps.make({ fillings: ['cheese'], idempotencyKey: key });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
  });
});
