import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../../../platform/logger.js';
import { Repeating } from '../../../../platform/repeating.js';
import type { StockRepository } from '../stock/StockRepository.js';
import type { OrderPicker } from './OrderPicker.js';
import type { OrderRepository } from './OrderRepository.js';

export interface OrderSweeperOptions {
  intervalMs: number;
  /** How long a settled order is kept: far longer than any caller retries or cancels it. */
  retentionMs: number;
  /** A run is settled this long after its deadline, so a run that is merely late finishes on its own. */
  graceMs?: number;
  /** How often old orders are looked for: the one read here that scans the collection. */
  pruneEveryMs?: number;
}

const PRUNE_BATCH = 500;

/**
 * chillybin's own recovery, so that nothing it took waits on a caller that
 * has gone: each round settles the runs past their deadline (their process
 * died, or their caller stopped waiting), then every hold no run or cancel
 * settled, and forgets return marks no cancel needs any more (they live on
 * the ingredient documents, which must stay small). Now and then it forgets orders older than the retention. Every
 * step is keyed by `_id` or reads a small collection whole, so a round costs
 * the same however many orders there are. Its gauges are what the alerts watch.
 */
export class OrderSweeper {
  private readonly repeating: Repeating;
  private lastPrune = 0;
  private readonly graceMs: number;
  private readonly pruneEveryMs: number;
  private readonly runsGauge: Gauge;
  private readonly oldestRunGauge: Gauge;
  private readonly heldGauge: Gauge;
  private readonly expiredCounter: Counter;

  constructor(
    private readonly picker: OrderPicker,
    private readonly orders: OrderRepository,
    private readonly stock: StockRepository,
    private readonly logger: Logger,
    registry: Registry,
    private readonly options: OrderSweeperOptions,
  ) {
    this.graceMs = options.graceMs ?? 1000;
    this.pruneEveryMs = options.pruneEveryMs ?? Math.min(60 * 60_000, options.retentionMs / 10);
    this.repeating = new Repeating(
      () => this.sweep(),
      options.intervalMs,
      (err) => this.logger.warn({ err }, 'order sweep failed; will try again'),
    );
    this.runsGauge = gauge(
      registry,
      'chillybin_orders_in_progress',
      'Picks under way or not yet settled, at the last sweep',
    );
    this.oldestRunGauge = gauge(
      registry,
      'chillybin_orders_in_progress_oldest_seconds',
      'Age of the oldest pick under way at the last sweep; it should stay within a caller deadline',
    );
    this.heldGauge = gauge(
      registry,
      'chillybin_held_units',
      'Units held for orders at the start of the last sweep: picks under way, and picked ones whose holds it then released',
    );
    this.expiredCounter = new Counter({
      name: 'chillybin_orders_expired_total',
      help: 'Picks the sweep settled because their caller had gone (it died, or its deadline passed)',
      registers: [registry],
    });
  }

  start(): void {
    this.repeating.start();
  }

  stop(): Promise<void> {
    return this.repeating.stop();
  }

  /** One round; also what tests call to settle at once. */
  async sweep(): Promise<void> {
    const now = Date.now();
    const runs = await this.orders.runsUnderWay();
    for (const run of runs) {
      if (run.deadline.getTime() + this.graceMs > now) continue;
      await this.picker.expire(run);
      this.expiredCounter.inc();
    }
    const { holds, marks } = await this.stock.marksAndHolds();
    await this.picker.settleHolds(holds);
    for (const { name, orderId, markedAt } of marks) await this.picker.forgetReturnMark(orderId, name, markedAt);

    const oldest = Math.min(now, ...runs.map((run) => run.createdAt.getTime()));
    this.runsGauge.set(runs.length);
    this.oldestRunGauge.set((now - oldest) / 1000);
    this.heldGauge.set(holds.reduce((sum, { quantity }) => sum + quantity, 0));

    if (now - this.lastPrune >= this.pruneEveryMs) {
      await this.prune(new Date(now - this.options.retentionMs));
      this.lastPrune = now;
    }
  }

  /** Forgets settled orders older than the retention, with their return marks; their holds are settled first. */
  private async prune(before: Date): Promise<void> {
    const old = await this.orders.settledBefore(before, PRUNE_BATCH);
    for (const order of old) {
      await this.picker.settleHolds(order.items.map(({ name, quantity }) => ({ name, orderId: order.id, quantity })));
      for (const { name } of order.items) await this.stock.forgetReturn(order.id, name);
      await this.orders.forget(order);
    }
    if (old.length > 0) this.logger.info({ orders: old.length, before }, 'forgot orders past their retention');
  }
}

function gauge(registry: Registry, name: string, help: string): Gauge {
  return new Gauge({ name, help, registers: [registry] });
}
