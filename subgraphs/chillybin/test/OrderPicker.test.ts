import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { useTestDatabase } from '../../../test/support/databases.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { OrderPicker } from '../src/orders/OrderPicker.js';
import { OrderRepository } from '../src/orders/OrderRepository.js';
import { orderItems } from '../src/orders/rules.js';
import { INGREDIENTS, StockRepository } from '../src/stock/StockRepository.js';

const database = useTestDatabase('chillybin');
let stock: StockRepository;
let orders: OrderRepository;
let picker: OrderPicker;
let nextId = 0;

beforeAll(async () => {
  await setupDatabase(database.db);
  stock = new StockRepository(database.db);
  orders = new OrderRepository(database.db);
  picker = new OrderPicker(stock, orders, createLogger({ service: 'test', version: 'test', level: 'silent' }));
});

beforeEach(async () => {
  await stock.setLevels([
    { name: 'cheese', quantity: 5 },
    { name: 'bread', quantity: 10 },
    { name: 'vegemite', quantity: 0 },
  ]);
});

async function levels(): Promise<Record<string, number>> {
  return Object.fromEntries((await stock.list()).map((i) => [i.name, i.quantity]));
}

function codeOf(err: unknown): string | undefined {
  return (err as { extensions?: { code?: string } }).extensions?.code;
}

function order(items: [string, number][], orderId: string | null = null, customer: string | null = null) {
  return { items: orderItems(items.map(([name, quantity]) => ({ name, quantity }))), orderId, customer };
}

const id = () => `order-${++nextId}`;

/** A deadline no test reaches. */
const later = () => Date.now() + 60_000;

function pick(request: ReturnType<typeof order>, deadline = later()) {
  return picker.pick(request, deadline);
}

/** What a chillybin killed mid-pick leaves: a run recorded, and holds on the items it had taken. */
async function diedPartWay(
  orderId: string,
  items: { name: string; quantity: number }[],
  taken: number,
  deadline = new Date(later()),
) {
  await orders.start({ id: orderId, customer: null, items, createdAt: new Date(), deadline });
  for (const { name, quantity } of items.slice(0, taken)) await stock.takeFor(orderId, name, quantity);
}

describe('OrderPicker.pick: every item or none', () => {
  const cases = [
    {
      name: 'takes every item',
      items: [
        ['cheese', 2],
        ['bread', 2],
      ],
      code: undefined,
      ingredient: undefined,
      after: { cheese: 3, bread: 8, vegemite: 0 },
    },
    {
      name: 'folds a repeated name into one line',
      items: [
        ['bread', 1],
        ['cheese', 1],
        ['bread', 1],
      ],
      code: undefined,
      ingredient: undefined,
      after: { cheese: 4, bread: 8, vegemite: 0 },
    },
    {
      name: 'puts back what it took when a later item is out',
      items: [
        ['cheese', 2],
        ['bread', 2],
        ['vegemite', 1],
      ],
      code: 'OUT_OF_STOCK',
      ingredient: 'vegemite',
      after: { cheese: 5, bread: 10, vegemite: 0 },
    },
    {
      name: 'puts back what it took when a later item is unknown',
      items: [
        ['cheese', 1],
        ['ham', 1],
      ],
      code: 'NOT_FOUND',
      ingredient: 'ham',
      after: { cheese: 5, bread: 10, vegemite: 0 },
    },
    {
      name: 'takes nothing when the first item is short',
      items: [
        ['cheese', 6],
        ['bread', 1],
      ],
      code: 'OUT_OF_STOCK',
      ingredient: 'cheese',
      after: { cheese: 5, bread: 10, vegemite: 0 },
    },
  ] as const;

  it.each(cases)('$name', async ({ items, code, ingredient, after }) => {
    const orderId = id();
    const outcome = await pick(order(items as unknown as [string, number][], orderId, 'alice')).then(
      (o) => ({ code: undefined, ingredient: undefined, status: o.status }),
      (err: { extensions: { code?: string; ingredient?: string } }) => ({ ...err.extensions, status: undefined }),
    );
    expect({ code: outcome.code, ingredient: outcome.ingredient }).toEqual({ code, ingredient });
    expect(await levels()).toEqual(after);
    // A failed pick leaves no order behind, so the same id may try again.
    expect((await orders.findById(orderId))?.status).toBe(code ? undefined : 'PICKED');
  });
});

describe('OrderPicker.pick with an order id', () => {
  it('returns the recorded order and takes nothing the second time', async () => {
    const orderId = id();
    const first = await pick(order([['cheese', 2]], orderId, 'alice'));
    const second = await pick(order([['cheese', 2]], orderId, 'alice'));
    expect(second).toMatchObject({ id: orderId, status: 'PICKED', createdAt: first.createdAt });
    expect((await levels()).cheese).toBe(3);
  });

  it('takes stock once when 10 picks with the same id race', async () => {
    const orderId = id();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        pick(
          order(
            [
              ['cheese', 1],
              ['bread', 2],
            ],
            orderId,
          ),
        ),
      ),
    );
    expect(new Set(results.map((o) => `${o.id} ${o.status}`))).toEqual(new Set([`${orderId} PICKED`]));
    expect(await levels()).toMatchObject({ cheese: 4, bread: 8 });
  });

  it('refuses the same id for other items with CONFLICT', async () => {
    const orderId = id();
    await pick(order([['cheese', 1]], orderId));
    await expect(pick(order([['cheese', 2]], orderId)).catch(codeOf)).resolves.toBe('CONFLICT');
    expect((await levels()).cheese).toBe(4);
  });

  it('tries a failed order again, so a retry after restocking succeeds', async () => {
    const orderId = id();
    await expect(pick(order([['vegemite', 1]], orderId)).catch(codeOf)).resolves.toBe('OUT_OF_STOCK');
    await stock.setLevels([{ name: 'vegemite', quantity: 3 }]);
    expect((await pick(order([['vegemite', 1]], orderId))).status).toBe('PICKED');
    expect((await levels()).vegemite).toBe(2);
  });
});

describe('OrderPicker.cancel', () => {
  it('puts a picked order back exactly once, however many cancels race', async () => {
    const orderId = id();
    await pick(
      order(
        [
          ['cheese', 2],
          ['bread', 2],
        ],
        orderId,
      ),
    );
    const results = await Promise.all(Array.from({ length: 5 }, () => picker.cancel(orderId)));
    expect(results.every((o) => o.status === 'CANCELLED')).toBe(true);
    expect(await levels()).toMatchObject({ cheese: 5, bread: 10 });
  });

  it('records a tombstone for an id never seen, which refuses a late pick', async () => {
    const orderId = id();
    const tombstone = await picker.cancel(orderId);
    expect(tombstone).toMatchObject({ id: orderId, status: 'CANCELLED', items: [] });
    await expect(pick(order([['cheese', 1]], orderId)).catch(codeOf)).resolves.toBe('ORDER_CANCELLED');
    expect((await levels()).cheese).toBe(5);
  });

  it('puts back a pick it races, whichever finishes first', async () => {
    const orderId = id();
    const [picked] = await Promise.allSettled([
      pick(
        order(
          [
            ['cheese', 1],
            ['bread', 1],
          ],
          orderId,
        ),
      ),
      picker.cancel(orderId),
    ]);
    if (picked.status === 'rejected') expect(codeOf(picked.reason)).toBe('ORDER_CANCELLED');
    expect((await orders.findById(orderId))?.status).toBe('CANCELLED');
    expect(await levels()).toMatchObject({ cheese: 5, bread: 10 });
  });
});

/** The holds left on the ingredients, by ingredient, for the orders given. */
async function holdsOf(...orderIds: string[]): Promise<Record<string, Record<string, number>>> {
  const ingredients = await database.db
    .collection<{ name: string; holds?: Record<string, number> }>(INGREDIENTS)
    .find({})
    .toArray();
  return Object.fromEntries(
    ingredients
      .map(
        ({ name, holds = {} }) =>
          [name, Object.fromEntries(Object.entries(holds).filter(([o]) => orderIds.includes(o)))] as const,
      )
      .filter(([, holds]) => Object.keys(holds).length > 0),
  );
}

describe('OrderPicker.cancel of an order whose pick died part-way', () => {
  const cases = [
    { name: 'nothing taken yet', taken: 0, cancels: 1 },
    { name: 'first item taken', taken: 1, cancels: 1 },
    { name: 'every item taken, not yet PICKED', taken: 2, cancels: 1 },
    { name: 'first item taken, two cancels racing', taken: 1, cancels: 2 },
    { name: 'every item taken, five cancels racing', taken: 2, cancels: 5 },
  ] as const;

  it.each(cases)('$name: puts back exactly what was held, once', async ({ taken, cancels }) => {
    const orderId = id();
    const items = order([
      ['cheese', 2],
      ['bread', 3],
    ]).items;
    await diedPartWay(orderId, items, taken);
    expect(Object.keys(await holdsOf(orderId))).toHaveLength(taken);

    const results = await Promise.all(Array.from({ length: cancels }, () => picker.cancel(orderId)));
    expect(results.map((o) => o.status)).toEqual(Array(cancels).fill('CANCELLED'));
    expect(await levels()).toMatchObject({ cheese: 5, bread: 10 });
    expect(await holdsOf(orderId)).toEqual({});

    await picker.cancel(orderId);
    expect(await levels()).toMatchObject({ cheese: 5, bread: 10 });
    await expect(
      pick(
        order(
          [
            ['cheese', 2],
            ['bread', 3],
          ],
          orderId,
        ),
      ).catch(codeOf),
    ).resolves.toBe('ORDER_CANCELLED');
  });

  it('finishes putting back a picked order whose cancel died part-way, once', async () => {
    const orderId = id();
    await pick(
      order(
        [
          ['cheese', 2],
          ['bread', 3],
        ],
        orderId,
      ),
    );
    // The cancel that died: the order marked, one item returned.
    await orders.cancelPicked(orderId);
    await stock.returnPicked(orderId, 'cheese', 2);
    await Promise.all([picker.cancel(orderId), picker.cancel(orderId)]);
    expect(await levels()).toMatchObject({ cheese: 5, bread: 10 });
    expect(await orders.findById(orderId)).toMatchObject({ status: 'CANCELLED', returnOwed: false });
  });
});

describe('OrderPicker: holds', () => {
  it("leaves a picked order's holds for the sweep, which releases them keeping the levels", async () => {
    const orderId = id();
    await pick(
      order(
        [
          ['cheese', 2],
          ['bread', 3],
        ],
        orderId,
      ),
    );
    expect(await holdsOf(orderId)).toEqual({ cheese: { [orderId]: 2 }, bread: { [orderId]: 3 } });
    await picker.settleHolds(await stock.holds());
    expect(await holdsOf(orderId)).toEqual({});
    expect(await levels()).toMatchObject({ cheese: 3, bread: 7 });
  });

  it('a pick with the id of a run whose caller has gone settles that run first, then refuses', async () => {
    const orderId = id();
    const items = order([
      ['cheese', 2],
      ['bread', 3],
    ]).items;
    await diedPartWay(orderId, items, 1, new Date(Date.now() - 1));
    await expect(pick({ items, customer: null, orderId }).catch(codeOf)).resolves.toBe('ORDER_CANCELLED');
    expect(await levels()).toMatchObject({ cheese: 5, bread: 10 });
    expect(await holdsOf(orderId)).toEqual({});
    expect(await orders.findRun(orderId)).toBeNull();
  });

  it('waits for a run under way with the same id, and answers as it did', async () => {
    const orderId = id();
    const items = order([['cheese', 2]]).items;
    await orders.start({ id: orderId, customer: null, items, createdAt: new Date(), deadline: new Date(later()) });
    const waiting = pick({ items, customer: null, orderId }, Date.now() + 5000);
    await orders.decide({ id: orderId, customer: null, items, createdAt: new Date() }, 'PICKED');
    await orders.end(orderId);
    expect((await waiting).status).toBe('PICKED');
  });

  it('never leaves stock taken for a cancelled order, however a pick and cancels interleave', async () => {
    // One race at a time, each starting its cancels a little later into the pick.
    for (let delay = 0; delay < 20; delay++) {
      const orderId = id();
      const picking = pick(
        order(
          [
            ['cheese', 1],
            ['bread', 1],
          ],
          orderId,
        ),
      );
      await sleep(delay % 5);
      const [picked] = await Promise.allSettled([picking, picker.cancel(orderId), picker.cancel(orderId)]);
      if (picked.status === 'rejected') expect(codeOf(picked.reason)).toBe('ORDER_CANCELLED');
      expect(await orders.findById(orderId)).toMatchObject({ status: 'CANCELLED', returnOwed: false });
      expect(await holdsOf(orderId)).toEqual({});
      expect(await levels()).toMatchObject({ cheese: 5, bread: 10 });
    }
    expect(await levels()).toMatchObject({ cheese: 5, bread: 10 });
  });
});

describe("OrderPicker.pick and the caller's deadline", () => {
  it('takes nothing once the deadline has passed', async () => {
    const orderId = id();
    await expect(pick(order([['cheese', 1]], orderId), Date.now() - 1).catch(codeOf)).resolves.toBe(
      'DEADLINE_EXCEEDED',
    );
    expect((await levels()).cheese).toBe(5);
    expect(await orders.findById(orderId)).toBeNull();
  });
});

describe('OrderRepository.list', () => {
  it('lists one customer, newest first', async () => {
    const [a, b] = [id(), id()];
    await pick(order([['bread', 1]], a, 'carol'));
    await pick(order([['bread', 1]], b, 'carol'));
    await pick(order([['bread', 1]], id(), 'dave'));
    expect((await orders.list({ customer: 'carol', limit: 10 })).map((o) => o.id)).toEqual([b, a]);
  });
});
