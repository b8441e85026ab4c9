import { setTimeout as sleep } from 'node:timers/promises';
import { ObjectId } from 'mongodb';
import { GraphQLError } from 'graphql';
import { ErrorCode, domainError } from '../../../../platform/errors.js';
import type { Logger } from '../../../../platform/logger.js';
import type { StockRepository } from '../stock/StockRepository.js';
import type { Order, OrderFailure, OrderItem, OrderRepository } from './OrderRepository.js';
import { sameOrder } from './rules.js';

export interface OrderRequest {
  /** Already checked and folded by `orderItems`. */
  items: OrderItem[];
  customer: string | null;
  orderId: string | null;
}

export interface OrderPickerOptions {
  /** How long a repeated pick waits for the first one with its order id to finish. */
  waitMs?: number;
  pollMs?: number;
}

/** How long a picked order's return marks are kept: far longer than any cancel takes. */
const RETURN_MARK_MS = 60 * 60 * 1000;

/**
 * Takes an order's items all or none and keeps the order's record straight,
 * with single-document writes only. Each item is taken in one conditional
 * update that also records it as held for the order, so whatever a pick that
 * died part-way took is known exactly, and putting a hold back (conditional
 * on the hold) happens at most once, whoever does it: the pick itself when it
 * fails or finds its order cancelled, or any cancel. The order's status is
 * one conditional update on its record; holds are released once it is PICKED.
 */
export class OrderPicker {
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly stock: StockRepository,
    private readonly orders: OrderRepository,
    private readonly logger: Logger,
    { waitMs = 5000, pollMs = 20 }: OrderPickerOptions = {},
  ) {
    this.waitMs = waitMs;
    this.pollMs = pollMs;
  }

  async pick({ items, customer, orderId }: OrderRequest): Promise<Order> {
    const id = orderId ?? new ObjectId().toHexString();
    const claim = await this.orders.claim({ id, customer, items });
    if (claim.claimed) return this.take(claim.order);

    const { existing } = claim;
    if (existing.status === 'CANCELLED') throw cancelled(id);
    if (!sameOrder(existing, { customer, items })) {
      throw domainError(ErrorCode.CONFLICT, `Order ${id} was already placed for other items or another customer`, {
        orderId: id,
      });
    }
    if (existing.status === 'PICKED') return existing;
    // A failed order holds nothing (or, its put-back cut short, what it holds counts as taken),
    // so trying again is safe; the status change picks one retrier.
    if (existing.status === 'FAILED' && (await this.orders.retryFailed(id))) {
      return this.take({ ...existing, status: 'PICKING' });
    }
    return this.outcomeOf(id);
  }

  /**
   * Cancels, and puts back what the order took, once however often it is
   * called. The order is CANCELLED first, so a pick still running stops and
   * puts back its own holds; this call puts back every hold it finds, which
   * covers a pick that died part-way. Every call does the put-backs again
   * (each is conditional, so a no-op when done), so one cut short is finished by the next.
   */
  async cancel(id: string): Promise<Order> {
    const order = await this.orders.cancel(id);
    if (order.returnOwed) {
      for (const { name, quantity } of order.items) await this.stock.returnPicked(id, name, quantity);
      await this.orders.settleReturn(id);
      const before = new Date(Date.now() - RETURN_MARK_MS);
      for (const { name } of order.items) await this.stock.forgetReturns(name, before);
    } else {
      await this.returnHolds(order);
    }
    return { ...order, returnOwed: false };
  }

  private async take(order: Order): Promise<Order> {
    try {
      for (const { name, quantity } of order.items) await this.stock.takeFor(order.id, name, quantity);
    } catch (err) {
      // FAILED only once every hold is back, since a retry starts afresh; if they
      // cannot be put back, the order stays PICKING and this error says so, for a cancel to settle.
      await this.returnHolds(order);
      await this.orders.finish(order.id, 'FAILED', failureOf(err));
      throw err;
    }
    if (await this.orders.finish(order.id, 'PICKED')) {
      await this.releaseHolds(order);
      return { ...order, status: 'PICKED' };
    }
    await this.returnHolds(order);
    throw cancelled(order.id);
  }

  /** Waits, bounded, for the pick already in flight with this id, and answers as it did. */
  private async outcomeOf(id: string): Promise<Order> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const order = await this.orders.findById(id);
      if (order?.status === 'PICKED') return order;
      if (order?.status === 'CANCELLED') throw cancelled(id);
      if (order?.status === 'FAILED') {
        const failure = order.failure;
        throw failure
          ? domainError(failure.code as ErrorCode, failure.message, failure.extensions)
          : domainError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      }
      if (Date.now() >= deadline) {
        throw domainError(ErrorCode.CONFLICT, `Order ${id} is still being picked; try again shortly`, { orderId: id });
      }
      await sleep(this.pollMs);
    }
  }

  private async returnHolds({ id, items }: Order): Promise<void> {
    for (const { name, quantity } of items) await this.stock.returnHold(id, name, quantity);
  }

  /** Tidying only: a hold left on a picked order changes no level, and its cancel drops it. */
  private async releaseHolds({ id, items }: Order): Promise<void> {
    try {
      for (const { name } of items) await this.stock.releaseHold(id, name);
    } catch (err) {
      this.logger.warn({ err, orderId: id }, 'could not release a picked order\'s holds');
    }
  }
}

function cancelled(id: string): GraphQLError {
  return domainError(ErrorCode.ORDER_CANCELLED, `Order ${id} was cancelled; use a new order id`, { orderId: id });
}

function failureOf(err: unknown): OrderFailure {
  if (err instanceof GraphQLError && typeof err.extensions.code === 'string') {
    const { code, ...extensions } = err.extensions;
    return { code, message: err.message, extensions };
  }
  return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error', extensions: {} };
}
