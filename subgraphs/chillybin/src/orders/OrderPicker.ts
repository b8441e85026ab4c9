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

/**
 * Takes an order's items all or none and keeps the order's record straight.
 * Each item is one conditional update on stock; the order's status is one
 * conditional update on its record, and whoever changes it owns the undo.
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
    // A failed order took nothing, so trying again is safe; the status change picks one retrier.
    if (existing.status === 'FAILED' && (await this.orders.retryFailed(id))) {
      return this.take({ ...existing, status: 'PICKING' });
    }
    return this.outcomeOf(id);
  }

  /** Cancels once: only the call that moved a PICKED order to CANCELLED puts its items back. */
  async cancel(id: string): Promise<Order> {
    const { previous, order } = await this.orders.cancel(id);
    // A PICKING order is put back by the pick in flight, when it finds it cancelled.
    if (previous === 'PICKED') await this.putBack(order.items, id);
    return order;
  }

  private async take(order: Order): Promise<Order> {
    const taken: OrderItem[] = [];
    try {
      for (const item of order.items) {
        await this.stock.pick(item.name, item.quantity);
        taken.push(item);
      }
    } catch (err) {
      await this.putBack(taken, order.id);
      await this.orders.finish(order.id, 'FAILED', failureOf(err));
      throw err;
    }
    if (await this.orders.finish(order.id, 'PICKED')) return { ...order, status: 'PICKED' };
    await this.putBack(taken, order.id);
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

  private async putBack(items: OrderItem[], orderId: string): Promise<void> {
    for (const { name, quantity } of items) {
      try {
        await this.stock.putBack(name, quantity);
      } catch (err) {
        // Stock is short by `quantity` until someone restocks: loud, so it can be reconciled.
        this.logger.error({ err, orderId, ingredient: name, quantity }, 'could not put back an order item');
      }
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
