import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../../../../platform/mongo.js';

export type OrderStatus = 'PICKING' | 'PICKED' | 'FAILED' | 'CANCELLED';

export interface OrderItem {
  name: string;
  quantity: number;
}

/** Why a pick failed, kept so that a caller waiting on the same order id gets the same answer. */
export interface OrderFailure {
  code: string;
  message: string;
  extensions: Record<string, unknown>;
}

export interface Order {
  id: string;
  customer: string | null;
  items: OrderItem[];
  createdAt: Date;
  status: OrderStatus;
  failure?: OrderFailure | null;
  /** Cancelled after it was picked, and its items not yet all put back. */
  returnOwed: boolean;
}

interface OrderDocument {
  _id: string;
  customer: string | null;
  items: OrderItem[];
  createdAt: Date;
  updatedAt: Date;
  status: OrderStatus;
  failure?: OrderFailure | null;
  returnOwed?: boolean;
}

export const ORDERS = 'orders';

function toOrder({ _id, customer, items, createdAt, status, failure, returnOwed }: OrderDocument): Order {
  return { id: _id, customer, items, createdAt, status, failure: failure ?? null, returnOwed: returnOwed ?? false };
}

export type Claim = { claimed: true; order: Order } | { claimed: false; existing: Order };

/**
 * chillybin's record of orders. The order id is the document's `_id`, so
 * its unique index decides every race: every state change is one
 * conditional write, the only kind FerretDB v1 (behind the write gate) makes atomic.
 */
export class OrderRepository {
  private readonly orders: Collection<OrderDocument>;

  constructor(db: Db) {
    this.orders = db.collection<OrderDocument>(ORDERS);
  }

  /** Records a new order as PICKING, or, when the id is taken, returns the order already there. */
  async claim({ id, customer, items }: Pick<Order, 'id' | 'customer' | 'items'>): Promise<Claim> {
    const now = new Date();
    const document: OrderDocument = { _id: id, customer, items, createdAt: now, updatedAt: now, status: 'PICKING' };
    try {
      await this.orders.insertOne(document);
      return { claimed: true, order: toOrder(document) };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const existing = await this.findById(id);
    if (!existing) throw new Error(`order ${id} clashed on insert but cannot be found`);
    return { claimed: false, existing };
  }

  /** PICKING → PICKED or FAILED; false when the order was no longer PICKING (cancelled meanwhile). */
  async finish(id: string, status: 'PICKED' | 'FAILED', failure: OrderFailure | null = null): Promise<boolean> {
    const { modifiedCount } = await this.orders.updateOne(
      { _id: id, status: 'PICKING' },
      { $set: { status, failure, updatedAt: new Date() } },
    );
    return modifiedCount === 1;
  }

  /** FAILED → PICKING for a new attempt; only one of several racing callers gets true. */
  async retryFailed(id: string): Promise<boolean> {
    const { modifiedCount } = await this.orders.updateOne(
      { _id: id, status: 'FAILED' },
      { $set: { status: 'PICKING', failure: null, updatedAt: new Date() } },
    );
    return modifiedCount === 1;
  }

  /**
   * Marks an order CANCELLED, or records a CANCELLED tombstone for an id never
   * seen, and returns it as it now stands. Cancelling a PICKED order records,
   * in the same write, that its items are owed back (`returnOwed`); one that
   * was PICKING or FAILED owes back only what it still holds. Every write is
   * conditional on the status, so the order ends CANCELLED whoever else moves it.
   */
  async cancel(id: string): Promise<Order> {
    const now = new Date();
    const tombstone: OrderDocument = { _id: id, customer: null, items: [], createdAt: now, updatedAt: now, status: 'CANCELLED' };
    try {
      await this.orders.insertOne(tombstone);
      return toOrder(tombstone);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // Unpicked first: one that turns PICKED meanwhile is caught by the second write, and PICKED only ever turns CANCELLED.
    const unpicked = await this.orders.findOneAndUpdate(
      { _id: id, status: { $in: ['PICKING', 'FAILED'] } },
      { $set: { status: 'CANCELLED', returnOwed: false, updatedAt: now } },
      { returnDocument: 'after' },
    );
    if (unpicked) return toOrder(unpicked);
    const picked = await this.orders.findOneAndUpdate(
      { _id: id, status: 'PICKED' },
      { $set: { status: 'CANCELLED', returnOwed: true, updatedAt: now } },
      { returnDocument: 'after' },
    );
    if (picked) return toOrder(picked);
    const current = await this.findById(id);
    if (!current) throw new Error(`order ${id} clashed on insert but cannot be found`);
    return current;
  }

  /** Every item of a cancelled picked order is back. */
  async settleReturn(id: string): Promise<void> {
    await this.orders.updateOne({ _id: id, returnOwed: true }, { $set: { returnOwed: false, updatedAt: new Date() } });
  }

  async findById(id: string): Promise<Order | null> {
    const document = await this.orders.findOne({ _id: id });
    return document ? toOrder(document) : null;
  }

  async list({ customer, limit }: { customer?: string | null; limit: number }): Promise<Order[]> {
    const filter = customer != null ? { customer } : {};
    const documents = await this.orders.find(filter, { sort: { createdAt: -1, _id: -1 }, limit }).toArray();
    return documents.map(toOrder);
  }
}
