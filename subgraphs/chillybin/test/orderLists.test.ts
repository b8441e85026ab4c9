import type { CommandStartedEvent } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { useTestDatabase } from '../../../test/support/databases.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { OrderPicker } from '../src/orders/OrderPicker.js';
import { OrderRepository } from '../src/orders/OrderRepository.js';
import { StockRepository } from '../src/stock/StockRepository.js';

// `orders(customer:, limit:)` as the pick, the cancel and the sweep leave the lists.

const database = useTestDatabase('chillybin_lists', { monitorCommands: true });
const logger = createLogger({ service: 'test', version: 'test', level: 'silent' });
let orders: OrderRepository;

/** Picked in this order, oldest first; `cancel` ones cancelled once picked. Then `never-picked` is cancelled, a tombstone. */
const placed = [
  { id: 'o1', customer: 'ann' },
  { id: 'o2', customer: null },
  { id: 'o3', customer: 'bob' },
  { id: 'o4', customer: 'ann', cancel: true },
  { id: 'o5', customer: 'ann' },
];

beforeAll(async () => {
  await setupDatabase(database.db);
  const stock = new StockRepository(database.db);
  orders = new OrderRepository(database.db);
  const picker = new OrderPicker(stock, orders, logger);
  await stock.setLevels([{ name: 'cheese', quantity: 100 }]);
  for (const { id, customer } of placed) {
    await picker.pick({ items: [{ name: 'cheese', quantity: 1 }], customer, orderId: id }, Date.now() + 10_000);
    // Distinct createdAt, so the expected order does not rest on ties.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  for (const { id } of placed.filter((o) => o.cancel)) await picker.cancel(id);
  await picker.cancel('never-picked');
});

describe('the order lists', () => {
  const cases = [
    {
      name: 'every order, newest first, with a cancel-first tombstone',
      customer: null,
      limit: 20,
      want: ['never-picked:CANCELLED', 'o5:PICKED', 'o4:CANCELLED', 'o3:PICKED', 'o2:PICKED', 'o1:PICKED'],
    },
    { name: 'limit', customer: null, limit: 2, want: ['never-picked:CANCELLED', 'o5:PICKED'] },
    {
      name: "ann's, her cancelled one too",
      customer: 'ann',
      limit: 20,
      want: ['o5:PICKED', 'o4:CANCELLED', 'o1:PICKED'],
    },
    { name: "bob's", customer: 'bob', limit: 20, want: ['o3:PICKED'] },
    { name: 'a customer with none', customer: 'cy', limit: 20, want: [] },
  ];
  it.each(cases)('$name', async ({ customer, limit, want }) => {
    const listed = await orders.list({ customer, limit });
    expect(listed.map(({ id, status }) => `${id}:${status}`)).toEqual(want);
  });

  it('a listed order reads as the order itself', async () => {
    const [listed] = await orders.list({ customer: 'bob', limit: 1 });
    const outcome = await orders.findOutcome('o3');
    expect(listed).toEqual({
      id: 'o3',
      customer: 'bob',
      items: [{ name: 'cheese', quantity: 1 }],
      createdAt: outcome!.createdAt,
      status: 'PICKED',
    });
  });

  it("reads a customer's orders with one find by `_id` in the lists, not in the orders", async () => {
    const commands: CommandStartedEvent[] = [];
    const listen = (event: CommandStartedEvent) => void commands.push(event);
    database.mongo.on('commandStarted', listen);
    try {
      await orders.list({ customer: 'ann', limit: 20 });
    } finally {
      database.mongo.off('commandStarted', listen);
    }
    expect(
      commands.map(({ command }) => ({ find: command.find as unknown, filter: command.filter as unknown })),
    ).toEqual([{ find: 'order_lists', filter: { _id: 'customer:ann' } }]);
  });

  it('an order forgotten for its age leaves the lists', async () => {
    await orders.forget((await orders.findOutcome('o1'))!);
    expect((await orders.list({ customer: 'ann', limit: 20 })).map(({ id }) => id)).toEqual(['o5', 'o4']);
    expect((await orders.list({ limit: 20 })).map(({ id }) => id)).not.toContain('o1');
  });
});
