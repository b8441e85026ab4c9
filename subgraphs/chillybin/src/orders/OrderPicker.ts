import { setTimeout as sleep } from 'node:timers/promises';
import { ObjectId } from 'mongodb';
import { GraphQLError } from 'graphql';
import { ErrorCode, domainError } from '../../../../platform/errors.js';
import type { Logger } from '../../../../platform/logger.js';
import type { StockRepository } from '../stock/StockRepository.js';
import type { Order, OrderItem, OrderRepository, OrderRun } from './OrderRepository.js';
import { sameOrder } from './rules.js';

export interface OrderRequest {
  /** Already checked and folded by `orderItems`. */
  items: OrderItem[];
  customer: string | null;
  orderId: string | null;
}

/** How long a picked order's return mark is kept after it is put back: far longer than any cancel takes. */
const RETURN_MARK_MS = 60 * 60_000;

export interface OrderPickerOptions {
  pollMs?: number;
}

/**
 * Takes an order's items all or none, so that whatever happens to this
 * process, every unit is accounted for:
 * - a run is recorded (`orders_in_progress`) before anything is taken, with
 *   the deadline its caller gave, and takes nothing after it;
 * - each item is taken in one conditional update that records it as held for
 *   the order, so a run that dies part-way leaves a record of exactly what it took;
 * - the outcome is one insert, PICKED by the run or CANCELLED by a cancel,
 *   whichever comes first; the loser puts back the holds;
 * - putting a hold back is conditional on the hold, so it happens once
 *   whoever does it: the run, a cancel, or the sweep (`OrderSweeper`) that
 *   settles runs whose deadline has passed and holds nobody settled.
 */
export class OrderPicker {
  private readonly pollMs: number;

  constructor(
    private readonly stock: StockRepository,
    private readonly orders: OrderRepository,
    private readonly logger: Logger,
    { pollMs = 20 }: OrderPickerOptions = {},
  ) {
    this.pollMs = pollMs;
  }

  /**
   * Picks an order by `deadline` (ms since epoch). The same id again answers
   * as the first did once it is decided; while it runs, waits for it; after a
   * failed run, tries again.
   */
  async pick({ items, customer, orderId }: OrderRequest, deadline: number): Promise<Order> {
    const id = orderId ?? new ObjectId().toHexString();
    const asked = { customer, items };
    for (;;) {
      const outcome = await this.orders.findOutcome(id);
      if (outcome) return answerFor(outcome, asked);
      if (Date.now() >= deadline) throw deadlineExceeded(id);

      const run: OrderRun = { id, customer, items, createdAt: new Date(), deadline: new Date(deadline) };
      if (await this.orders.start(run)) {
        // A run that ended between the read above and this start may have decided the order.
        const decided = await this.orders.findOutcome(id);
        if (!decided) return this.take(run);
        await this.orders.end(id);
        return answerFor(decided, asked);
      }
      await this.followRun(id, asked, deadline);
    }
  }

  /**
   * Cancels, and puts back what the order took, once however often it is
   * called. An order not yet decided is decided CANCELLED, so a run still
   * going puts back what it takes; an id never seen gets a tombstone that
   * refuses any later pick. A picked order's items go back once each, marked
   * per order, so a repeated or interrupted cancel finishes without doubling.
   */
  async cancel(id: string): Promise<Order> {
    const run = await this.orders.findRun(id);
    const decision = await this.orders.decide(
      run ?? { id, customer: null, items: [], createdAt: new Date() },
      'CANCELLED',
    );
    if (decision.decided) {
      await this.orders.listOrder(decision.order);
      if (run) await this.returnHolds(id, run.items);
      return decision.order;
    }
    const order = decision.existing;
    // A picked order cancelled and put back already: its return marks may be forgotten by now, so nothing is redone.
    if (order.pickedAt && order.status === 'CANCELLED' && !order.returnOwed) return order;
    if (order.pickedAt) return this.returnPicked(order);
    // Cancelled before, by a cancel that may have died before listing it; whatever a run that died part-way
    // still holds goes back now.
    await this.orders.listOrder(order);
    await this.returnHolds(id, [...order.items, ...(run?.items ?? [])]);
    return order;
  }

  /**
   * Settles a run whose caller has gone (its deadline passed) or whose process
   * died: the order is decided CANCELLED unless it was PICKED, and its holds
   * go back or, when picked, are released. The run's record goes last, so a
   * sweep cut short is done again by the next.
   */
  async expire(run: OrderRun): Promise<void> {
    const decision = await this.orders.decide(run, 'CANCELLED');
    const outcome = decision.decided ? decision.order : decision.existing;
    if (outcome.status === 'PICKED') await this.releaseHolds(run.id, run.items);
    else if (outcome.pickedAt) await this.returnPicked(outcome);
    else await this.returnHolds(run.id, run.items);
    // Its run may have died between deciding and listing it; a picked order cancelled since is listed by returnPicked.
    if (!outcome.pickedAt || outcome.status === 'PICKED') await this.orders.listOrder(outcome);
    await this.orders.end(run.id);
    this.logger.warn({ orderId: run.id, outcome: outcome.status }, 'settled a pick whose caller had gone');
  }

  /**
   * Settles holds no run and no cancel settled: a picked order's hold is
   * released (it changes no level; one write per ingredient for them all),
   * unless its cancel still owes its items back; any other is put back.
   */
  async settleHolds(holds: readonly { name: string; orderId: string; quantity: number }[]): Promise<void> {
    const releases = new Map<string, string[]>();
    for (const { name, orderId, quantity } of holds) {
      if (await this.orders.findRun(orderId)) continue;
      const outcome = await this.orders.findOutcome(orderId);
      // A hold read before its run ended, and already settled by it.
      if (!outcome) continue;
      if (outcome.returnOwed) await this.returnPicked(outcome);
      else if (outcome.pickedAt) releases.set(name, [...(releases.get(name) ?? []), orderId]);
      else await this.stock.returnHold(orderId, name, quantity);
    }
    for (const [name, orderIds] of releases) await this.stock.releaseHolds(name, orderIds);
  }

  /**
   * Forgets a return mark once no cancel can still be putting its order back:
   * the order's return is settled, and the mark is older than any cancel takes.
   */
  async forgetReturnMark(orderId: string, name: string, markedAt: Date): Promise<void> {
    if (Date.now() - markedAt.getTime() < RETURN_MARK_MS) return;
    const outcome = await this.orders.findOutcome(orderId);
    if (outcome?.returnOwed) return;
    await this.stock.forgetReturn(orderId, name);
  }

  private async take(run: OrderRun): Promise<Order> {
    const { id, items, deadline } = run;
    const touched: OrderItem[] = [];
    try {
      for (const item of items) {
        // The caller has gone: taking more would only be put back.
        if (Date.now() >= deadline.getTime()) throw deadlineExceeded(id);
        touched.push(item);
        await this.stock.takeFor(id, item.name, item.quantity);
      }
    } catch (err) {
      // A refusal took nothing; any other failure may have. If these fail, the run stays
      // recorded with its holds, and the sweep settles it after its deadline.
      if (err instanceof GraphQLError) touched.pop();
      await this.returnHolds(id, touched);
      await this.orders.end(id);
      throw err;
    }
    const decision = await this.orders.decide(run, 'PICKED');
    if (!decision.decided) {
      await this.returnHolds(id, items);
      await this.orders.end(id);
      throw answerError(decision.existing);
    }
    // Listed before its run ends: if listing fails, the run stays, and the sweep lists it when it settles the run.
    // Its holds are released by the sweep, with every other picked order's, in one write per ingredient.
    await this.orders
      .listOrder(decision.order)
      .then(() => this.orders.end(id))
      .catch((err: unknown) =>
        this.logger.warn({ err, orderId: id }, 'could not list a picked order or end its run; the sweep will'),
      );
    return decision.order;
  }

  /** Waits for the run under way with this id to end; settles it first if its caller has gone. */
  private async followRun(id: string, asked: Pick<Order, 'customer' | 'items'>, deadline: number): Promise<void> {
    for (;;) {
      const run = await this.orders.findRun(id);
      if (!run) return;
      if (!sameOrder(run, asked)) throw conflict(id);
      if (run.deadline.getTime() <= Date.now()) return this.expire(run);
      if (Date.now() >= deadline) {
        throw domainError(ErrorCode.CONFLICT, `Order ${id} is still being picked; try again shortly`, { orderId: id });
      }
      await sleep(this.pollMs);
    }
  }

  /** Listed as cancelled while its return is owed, so whoever finishes the return (a repeated cancel, the sweep) lists it. */
  private async returnPicked(order: Order): Promise<Order> {
    if (order.status === 'PICKED') await this.orders.cancelPicked(order.id);
    const cancelled: Order = { ...order, status: 'CANCELLED', returnOwed: true };
    await this.orders.listOrder(cancelled);
    for (const { name, quantity } of order.items) await this.stock.returnPicked(order.id, name, quantity);
    await this.orders.settleReturn(order.id);
    return { ...cancelled, returnOwed: false };
  }

  private async returnHolds(id: string, items: OrderItem[]): Promise<void> {
    for (const { name, quantity } of items) await this.stock.returnHold(id, name, quantity);
  }

  /** Tidying only: a hold left on a picked order changes no level, and the sweep drops it. */
  private async releaseHolds(id: string, items: OrderItem[]): Promise<void> {
    try {
      for (const { name } of items) await this.stock.releaseHold(id, name);
    } catch (err) {
      this.logger.warn({ err, orderId: id }, "could not release a picked order's holds");
    }
  }
}

/** The answer to a pick of an order already decided. */
function answerFor(order: Order, asked: Pick<Order, 'customer' | 'items'>): Order {
  if (order.status !== 'PICKED') throw answerError(order);
  if (!sameOrder(order, asked)) throw conflict(order.id);
  return order;
}

function answerError(order: Order): GraphQLError {
  return domainError(ErrorCode.ORDER_CANCELLED, `Order ${order.id} was cancelled; use a new order id`, {
    orderId: order.id,
  });
}

function conflict(id: string): GraphQLError {
  return domainError(ErrorCode.CONFLICT, `Order ${id} was already placed for other items or another customer`, {
    orderId: id,
  });
}

function deadlineExceeded(id: string): GraphQLError {
  return domainError(
    ErrorCode.DEADLINE_EXCEEDED,
    `Order ${id} could not be picked before its caller's deadline; nothing was taken`,
    {
      orderId: id,
    },
  );
}
