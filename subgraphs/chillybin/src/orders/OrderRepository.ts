import type { Collection, Db } from 'mongodb';
import { insertOrFind } from '../../../../platform/mongo.js';
import { NewestSubset } from '../../../../platform/newestSubset.js';
import { isDuplicateKey } from '../../../../platform/mongoErrors.js';
import type { OrderStatus } from '../generated/graphql.js';

export interface OrderItem {
  name: string;
  quantity: number;
}

export interface Order {
  id: string;
  customer: string | null;
  items: OrderItem[];
  createdAt: Date;
  /** PICKING while a pick runs; FAILED is never recorded (a failed pick leaves nothing behind and may be tried again). */
  status: OrderStatus;
  /** Set once, when it was picked; kept when a picked order is cancelled, so its items go back as picked ones. */
  pickedAt: Date | null;
  /** Cancelled after it was picked, and its items not yet all put back. */
  returnOwed: boolean;
}

/** An order as `orders` lists it: what its readers see, kept in the order lists. */
export type ListedOrder = Pick<Order, 'id' | 'customer' | 'items' | 'createdAt' | 'status'>;

/** An order in a list; its stage is what the list knows of its status (picked 0, cancelled 1), which only grows. */
type OrderEntry = Pick<Order, 'customer' | 'items' | 'createdAt'> & { stage: number };

const STAGES = ['PICKED', 'CANCELLED'] as const;

function toEntry({ id, customer, items, createdAt, status }: Order): OrderEntry {
  if (status !== 'PICKED' && status !== 'CANCELLED')
    throw new Error(`order ${id} is ${status}: only decided orders are listed`);
  return { customer, items, createdAt, stage: STAGES.indexOf(status) };
}

/** A pick under way: one at a time per order id. */
export interface OrderRun {
  id: string;
  customer: string | null;
  items: OrderItem[];
  createdAt: Date;
  /** After this the run takes nothing more, and the sweep may settle it. */
  deadline: Date;
}

/** An order's outcome, written once by whoever decides it first: the pick (PICKED) or a cancel (CANCELLED). */
interface OrderDocument {
  _id: string;
  customer: string | null;
  items: OrderItem[];
  createdAt: Date;
  updatedAt: Date;
  status: 'PICKED' | 'CANCELLED';
  pickedAt?: Date | null;
  returnOwed?: boolean;
}

interface RunDocument {
  _id: string;
  customer: string | null;
  items: OrderItem[];
  createdAt: Date;
  deadline: Date;
}

export const ORDERS = 'orders';
export const ORDERS_IN_PROGRESS = 'orders_in_progress';
/** The newest orders overall (`recent`) and per customer (`customer:<name>`), each one document read by `_id`. */
export const ORDER_LISTS = 'order_lists';

const RECENT = 'recent';
/** As many as `orders` shows by default; a longer page reads the collection (see ToastieRepository's RECENT_TOASTIES). */
export const RECENT_ORDERS = 20;

function listsOf(customer: string | null): string[] {
  return customer == null ? [RECENT] : [RECENT, customerList(customer)];
}

function customerList(customer: string): string {
  return `customer:${customer}`;
}

function toOrder({ _id, customer, items, createdAt, status, pickedAt, returnOwed }: OrderDocument): Order {
  return { id: _id, customer, items, createdAt, status, pickedAt: pickedAt ?? null, returnOwed: returnOwed ?? false };
}

function toRun({ _id, customer, items, createdAt, deadline }: RunDocument): OrderRun {
  return { id: _id, customer, items, createdAt, deadline };
}

export type Decision = { decided: true; order: Order } | { decided: false; existing: Order };

/**
 * chillybin's record of orders, in two collections. `orders` holds each
 * order's outcome, inserted once: the `_id`'s unique index decides a pick
 * racing a cancel, so no write needs a filter beyond `_id` (FerretDB v1 on
 * SQLite answers only `_id` equality from its index and scans for anything
 * else). `orders_in_progress` holds the picks running right now, a handful,
 * which the sweep reads whole to settle the ones whose caller has gone.
 * `order_lists` holds the newest orders, overall and per customer, for
 * `orders` to read by `_id`: an order is listed once decided, before the
 * record that would have it settled again (its run, its owed return) goes.
 */
export class OrderRepository {
  private readonly orders: Collection<OrderDocument>;
  private readonly runs: Collection<RunDocument>;
  private readonly lists: NewestSubset<OrderEntry>;

  constructor(db: Db) {
    this.orders = db.collection<OrderDocument>(ORDERS);
    this.runs = db.collection<RunDocument>(ORDERS_IN_PROGRESS);
    this.lists = new NewestSubset<OrderEntry>(db, ORDER_LISTS, RECENT_ORDERS);
  }

  /** Starts a run for an order id; false when one is already under way (or was, an instant ago). */
  async start({ id, customer, items, createdAt, deadline }: OrderRun): Promise<boolean> {
    try {
      await this.runs.insertOne({ _id: id, customer, items, createdAt, deadline });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** The run is over: its outcome is recorded, or it failed having put back what it took. */
  async end(id: string): Promise<void> {
    await this.runs.deleteOne({ _id: id });
  }

  async findRun(id: string): Promise<OrderRun | null> {
    const document = await this.runs.findOne({ _id: id });
    return document ? toRun(document) : null;
  }

  /** Every run under way: few, since each lasts a moment, so read whole. */
  async runsUnderWay(): Promise<OrderRun[]> {
    return (await this.runs.find({}).toArray()).map(toRun);
  }

  /** Records the outcome, unless one is recorded already, in which case that one is returned. */
  async decide(
    { id, customer, items, createdAt }: Pick<Order, 'id' | 'customer' | 'items' | 'createdAt'>,
    status: 'PICKED' | 'CANCELLED',
  ): Promise<Decision> {
    const now = new Date();
    const document: OrderDocument = {
      _id: id,
      customer,
      items,
      createdAt,
      updatedAt: now,
      status,
      pickedAt: status === 'PICKED' ? now : null,
    };
    const result = await insertOrFind(this.orders, document);
    return result.inserted
      ? { decided: true, order: toOrder(document) }
      : { decided: false, existing: toOrder(result.existing) };
  }

  /** A picked order is cancelled: its items are owed back until `settleReturn`. Only ever called on a picked order. */
  async cancelPicked(id: string): Promise<void> {
    await this.orders.updateOne(
      { _id: id },
      { $set: { status: 'CANCELLED', returnOwed: true, updatedAt: new Date() } },
    );
  }

  /** Every item of a cancelled picked order is back. */
  async settleReturn(id: string): Promise<void> {
    await this.orders.updateOne({ _id: id }, { $set: { returnOwed: false, updatedAt: new Date() } });
  }

  /** The recorded outcome, or null while there is none. */
  async findOutcome(id: string): Promise<Order | null> {
    const document = await this.orders.findOne({ _id: id });
    return document ? toOrder(document) : null;
  }

  /** As clients see it: the outcome, else the run under way as PICKING. */
  async findById(id: string): Promise<Order | null> {
    const outcome = await this.findOutcome(id);
    if (outcome) return outcome;
    const run = await this.findRun(id);
    return run ? { ...run, status: 'PICKING', pickedAt: null, returnOwed: false } : null;
  }

  /** Puts a decided order, as it stands now, in the newest orders overall and its customer's; safe to repeat. */
  async listOrder(order: Order): Promise<void> {
    await this.lists.put(listsOf(order.customer), order.id, toEntry(order));
  }

  /**
   * The newest orders, overall or a customer's, newest first: up to
   * RECENT_ORDERS, one read of a list by `_id`, whatever the number of orders;
   * more, a sorted find whose cost grows with the collection.
   */
  async list({ customer, limit }: { customer?: string | null; limit: number }): Promise<ListedOrder[]> {
    if (limit > RECENT_ORDERS) {
      const filter = customer != null ? { customer } : {};
      const documents = await this.orders.find(filter, { sort: { createdAt: -1, _id: -1 }, limit }).toArray();
      return documents.map(toOrder);
    }
    const listed = await this.lists.newest(customer != null ? customerList(customer) : RECENT, limit);
    return listed.map(({ id, customer, items, createdAt, stage }) => ({
      id,
      customer,
      items,
      createdAt,
      status: STAGES[stage] ?? 'CANCELLED',
    }));
  }

  /** Lists the orders decided before the lists existed, once (start-up's migration step), in one pass. */
  buildLists(): Promise<boolean> {
    const orders = this.orders.find({}, { batchSize: 1000 });
    return this.lists.buildOnce(
      (async function* () {
        for await (const document of orders) {
          const order = toOrder(document);
          yield { id: order.id, entry: toEntry(order), listIds: listsOf(order.customer) };
        }
      })(),
    );
  }

  /** Settled orders last changed before `before`, oldest first, for the retention sweep. */
  async settledBefore(before: Date, limit: number): Promise<Order[]> {
    const documents = await this.orders.find({ updatedAt: { $lt: before } }, { limit }).toArray();
    return documents.map(toOrder).filter((order) => !order.returnOwed);
  }

  /** Forgets an order: out of the lists first, so that a sweep cut short finds it again and finishes. */
  async forget({ id, customer }: Order): Promise<void> {
    await this.lists.remove(listsOf(customer), id);
    await this.orders.deleteOne({ _id: id });
  }
}
