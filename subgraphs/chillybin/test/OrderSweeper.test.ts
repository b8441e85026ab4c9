import { Registry } from 'prom-client';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { useTestDatabase } from '../../../test/support/databases.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { OrderPicker } from '../src/orders/OrderPicker.js';
import { ORDERS, OrderRepository } from '../src/orders/OrderRepository.js';
import { OrderSweeper } from '../src/orders/OrderSweeper.js';
import { INGREDIENTS, StockRepository } from '../src/stock/StockRepository.js';

// What a chillybin killed at any point leaves behind, and what one sweep makes of it.

const database = useTestDatabase('chillybin');
const logger = createLogger({ service: 'test', version: 'test', level: 'silent' });
let stock: StockRepository;
let orders: OrderRepository;
let picker: OrderPicker;
let registry: Registry;
let sweeper: OrderSweeper;
let nextId = 0;

const HOUR = 60 * 60_000;

beforeAll(async () => {
  await setupDatabase(database.db);
  stock = new StockRepository(database.db);
  orders = new OrderRepository(database.db);
  picker = new OrderPicker(stock, orders, logger);
});

beforeEach(async () => {
  await stock.setLevels([
    { name: 'cheese', quantity: 5 },
    { name: 'bread', quantity: 10 },
  ]);
  registry = new Registry();
  sweeper = new OrderSweeper(picker, orders, stock, logger, registry, {
    intervalMs: 60_000,
    retentionMs: 24 * HOUR,
    graceMs: 0,
  });
});

const items = [
  { name: 'cheese', quantity: 2 },
  { name: 'bread', quantity: 3 },
];

async function levels(): Promise<Record<string, number>> {
  return Object.fromEntries((await stock.list()).map((i) => [i.name, i.quantity]));
}

async function heldUnits(): Promise<number> {
  return (await stock.holds()).reduce((sum, { quantity }) => sum + quantity, 0);
}

async function gauge(name: string): Promise<number | undefined> {
  return (await registry.getMetricsAsJSON()).find((m) => m.name === name)?.values[0]?.value;
}

/** Each case sets up what a crash at one point leaves, for a new order id. */
const cases: {
  name: string;
  leave: (id: string) => Promise<void>;
  after: Record<string, number>;
  outcome: string | null;
  /** How `orders` lists it after the sweep: a run's outcome is listed by whoever ends the run. */
  listed: string | null;
}[] = [
  {
    name: 'a run past its deadline that took one item: put back, CANCELLED',
    leave: async (id) => {
      await orders.start({ id, customer: null, items, createdAt: new Date(), deadline: new Date(Date.now() - 1) });
      await stock.takeFor(id, 'cheese', 2);
    },
    after: { cheese: 5, bread: 10 },
    outcome: 'CANCELLED',
    listed: 'CANCELLED',
  },
  {
    name: 'a run past its deadline that took everything but was not recorded: put back, CANCELLED',
    leave: async (id) => {
      await orders.start({ id, customer: null, items, createdAt: new Date(), deadline: new Date(Date.now() - 1) });
      for (const { name, quantity } of items) await stock.takeFor(id, name, quantity);
    },
    after: { cheese: 5, bread: 10 },
    outcome: 'CANCELLED',
    listed: 'CANCELLED',
  },
  {
    name: 'a run recorded PICKED that died before releasing and ending: kept, released',
    leave: async (id) => {
      const run = { id, customer: null, items, createdAt: new Date(), deadline: new Date(Date.now() - 1) };
      await orders.start(run);
      for (const { name, quantity } of items) await stock.takeFor(id, name, quantity);
      await orders.decide(run, 'PICKED');
    },
    after: { cheese: 3, bread: 7 },
    outcome: 'PICKED',
    listed: 'PICKED',
  },
  {
    name: 'a hold taken after a cancel decided the order (a late write): put back',
    leave: async (id) => {
      await orders.decide({ id, customer: null, items, createdAt: new Date() }, 'CANCELLED');
      await stock.takeFor(id, 'bread', 3);
    },
    after: { cheese: 5, bread: 10 },
    outcome: 'CANCELLED',
    // Decided by a cancel without a run, which lists it, or its repeat does: no run is left to sweep.
    listed: null,
  },
  {
    name: 'a run still within its deadline: left alone',
    leave: async (id) => {
      await orders.start({ id, customer: null, items, createdAt: new Date(), deadline: new Date(Date.now() + HOUR) });
      await stock.takeFor(id, 'cheese', 2);
    },
    after: { cheese: 3, bread: 10 },
    outcome: null,
    listed: null,
  },
];

describe('OrderSweeper.sweep', () => {
  it.each(cases)('$name', async ({ leave, after, outcome, listed }) => {
    const id = `sweep-${++nextId}`;
    await leave(id);

    await sweeper.sweep();
    expect(await levels()).toMatchObject(after);
    expect((await orders.findOutcome(id))?.status ?? null).toBe(outcome);
    expect((await orders.list({ limit: 20 })).find((order) => order.id === id)?.status ?? null).toBe(listed);
    if (outcome) {
      expect(await orders.findRun(id)).toBeNull();
      expect(await heldUnits()).toBe(0);
    }

    // A second sweep changes nothing.
    await sweeper.sweep();
    expect(await levels()).toMatchObject(after);
    const decided = await orders.findOutcome(id);
    if (decided) await orders.forget(decided);
    else await picker.expire((await orders.findRun(id))!);
  });

  it('reports what is unsettled on its gauges', async () => {
    const id = `sweep-${++nextId}`;
    await orders.start({
      id,
      customer: null,
      items,
      createdAt: new Date(Date.now() - 5000),
      deadline: new Date(Date.now() + HOUR),
    });
    await stock.takeFor(id, 'cheese', 2);

    await sweeper.sweep();
    expect(await gauge('chillybin_orders_in_progress')).toBe(1);
    expect(await gauge('chillybin_held_units')).toBe(2);
    expect(await gauge('chillybin_orders_in_progress_oldest_seconds')).toBeGreaterThanOrEqual(5);
    await picker.expire((await orders.findRun(id))!);
  });
});

describe('OrderSweeper and return marks', () => {
  it('forgets the marks of returns settled over an hour ago, and keeps the rest', async () => {
    const [settled, recent] = [`marked-${++nextId}`, `marked-recent-${nextId}`];
    for (const id of [settled, recent]) {
      await picker.pick({ items: [{ name: 'bread', quantity: 1 }], customer: null, orderId: id }, Date.now() + HOUR);
      await picker.cancel(id);
    }
    const marks = database.db.collection<{ name: string; returned?: Record<string, Date> }>(INGREDIENTS);
    await marks.updateOne({ name: 'bread' }, { $set: { [`returned.${settled}`]: new Date(Date.now() - 2 * HOUR) } });

    await sweeper.sweep();
    const bread = await marks.findOne({ name: 'bread' });
    expect(Object.keys(bread?.returned ?? {})).toEqual(expect.arrayContaining([recent]));
    expect(Object.keys(bread?.returned ?? {})).not.toContain(settled);
    // Cancelling it again, marks or none, gives nothing back twice.
    const before = await levels();
    await picker.cancel(settled);
    expect(await levels()).toEqual(before);
  });
});

describe('OrderSweeper retention', () => {
  it('forgets settled orders past the retention, with their return marks, and keeps the rest', async () => {
    const [old, owed, recent] = [`old-${++nextId}`, `owed-${nextId}`, `recent-${nextId}`];
    for (const id of [old, owed, recent]) {
      await picker.pick({ items: [{ name: 'bread', quantity: 1 }], customer: null, orderId: id }, Date.now() + HOUR);
    }
    await picker.cancel(old);
    await picker.settleHolds(await stock.holds());
    await database.db
      .collection(ORDERS)
      .updateMany({ _id: { $in: [old, owed] } as never }, { $set: { updatedAt: new Date(Date.now() - 25 * HOUR) } });
    await database.db
      .collection(ORDERS)
      .updateOne({ _id: owed as never }, { $set: { status: 'CANCELLED', returnOwed: true } });

    await sweeper.sweep();
    expect(await orders.findOutcome(old)).toBeNull();
    expect((await orders.findOutcome(owed))?.returnOwed).toBe(true);
    expect(await orders.findOutcome(recent)).not.toBeNull();
    const bread = await database.db
      .collection<{ returned?: Record<string, Date> }>(INGREDIENTS)
      .findOne({ name: 'bread' });
    expect(Object.keys(bread?.returned ?? {})).not.toContain(old);
  });
});
