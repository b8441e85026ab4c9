import { Counter, Gauge, type Registry } from 'prom-client';
import { ErrorCode, type RecordedFailure } from '../../../../platform/errors.js';
import type { Logger } from '../../../../platform/logger.js';
import { Repeating } from '../../../../platform/repeating.js';
import { Backoff } from '../../../../platform/backoff.js';
import type { ChillybinPicker } from './ChillybinPicker.js';
import type { ToastieKeyRepository } from './ToastieKeyRepository.js';
import type { ToastieOutcome, ToastieRepository } from './ToastieRepository.js';
import type { ToastieInProgress, ToastiesInProgress } from './ToastiesInProgress.js';

export interface ToastieSettlerOptions {
  intervalMs: number;
  /** How many toasties are settled at once: a backlog after an outage must not swamp chillybin. */
  concurrency?: number;
  /** How long keys and failed toasties are kept. */
  retentionMs: number;
  pruneEveryMs?: number;
}

/** The failure recorded for a toastie whose maker did not finish in time (it died, or its caller gave up). */
export const OVERDUE: RecordedFailure = {
  code: ErrorCode.DEADLINE_EXCEEDED,
  message: 'The toastie could not be made in time; nothing was taken. Try again.',
  extensions: {},
};

/**
 * Brings every toastie in progress to an outcome and settles its pick with
 * chillybin, exactly once, whoever gets there first: the maker when its pick
 * fails, or a background round for toasties past their deadline (their
 * maker died, or its caller stopped waiting). Settling is three idempotent
 * steps: record the outcome (FAILED, unless MADE was recorded first), undo
 * the pick of a failed one or list a made one, forget the record. A step that fails is tried
 * again with exponential backoff and jitter, a few toasties at a time.
 */
export class ToastieSettler {
  private readonly repeating: Repeating;
  private readonly backoff = new Backoff({ baseMs: 500, maxMs: 60_000 });
  private readonly concurrency: number;
  private readonly pruneEveryMs: number;
  private lastPrune = 0;
  private readonly unsettledGauge: Gauge;
  private readonly oldestGauge: Gauge;
  private readonly settledCounter: Counter<'outcome'>;

  constructor(
    private readonly inProgress: ToastiesInProgress,
    private readonly toasties: ToastieRepository,
    private readonly keys: ToastieKeyRepository,
    private readonly picker: ChillybinPicker,
    private readonly logger: Logger,
    registry: Registry,
    private readonly options: ToastieSettlerOptions,
  ) {
    this.concurrency = options.concurrency ?? 4;
    this.pruneEveryMs = options.pruneEveryMs ?? Math.min(60 * 60_000, options.retentionMs / 10);
    this.repeating = new Repeating(
      () => this.round(),
      options.intervalMs,
      (err) => this.logger.warn({ err }, 'settling round failed; will try again'),
    );
    this.unsettledGauge = new Gauge({
      name: 'jafflr_toasties_in_progress',
      help: 'Toasties being made or not yet settled with chillybin, at the last round',
      registers: [registry],
    });
    this.oldestGauge = new Gauge({
      name: 'jafflr_toasties_in_progress_oldest_seconds',
      help: 'Age of the oldest toastie not yet settled at the last round; it should stay within a deadline',
      registers: [registry],
    });
    this.settledCounter = new Counter({
      name: 'jafflr_toasties_left_settled_total',
      help: 'Toasties the settler brought to an outcome after their maker left them (it died, or its caller gave up), by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    });
    // Exposed from the start, so that a rate over it has a series to begin from.
    for (const outcome of ['MADE', 'FAILED']) this.settledCounter.inc({ outcome }, 0);
  }

  start(): void {
    this.repeating.start();
  }

  stop(): Promise<void> {
    return this.repeating.stop();
  }

  /**
   * Settles one toastie: records `failure` unless an outcome is recorded
   * already, undoes the pick unless it was made (or certainly took nothing),
   * and forgets the record. Returns the outcome that stands.
   */
  async settle(record: ToastieInProgress, failure: RecordedFailure, tookNothing = false): Promise<ToastieOutcome> {
    const { toastie, undo } = record;
    const outcome = await this.toasties.decide(toastie, 'FAILED', failure);
    if (outcome.status === 'FAILED' && !tookNothing) {
      const scope = this.scopeOf(toastie.id);
      for (const step of undo) await this.picker.undo(step, scope);
    }
    // Made, by a maker that died (or could not list it) before forgetting its record.
    if (outcome.status === 'MADE') await this.toasties.list(outcome);
    await this.inProgress.remove(toastie.id);
    this.backoff.forget(toastie.id);
    return outcome;
  }

  /** Settles the toastie now if its deadline has passed; true when it did. */
  async settleIfOverdue(id: string): Promise<boolean> {
    const record = await this.inProgress.find(id);
    if (!record || record.deadline.getTime() > Date.now()) return false;
    await this.settle(record, OVERDUE);
    return true;
  }

  /** One background round; also what tests call to settle at once. */
  async round(): Promise<void> {
    const now = Date.now();
    const records = await this.inProgress.all();
    const due = records.filter((r) => r.deadline.getTime() <= now && this.backoff.ready(r.toastie.id, now));
    await eachLimited(due, this.concurrency, async (record) => {
      try {
        const outcome = await this.settle(record, OVERDUE);
        this.settledCounter.inc({ outcome: outcome.status });
        this.logger.warn({ toastieId: record.toastie.id, outcome: outcome.status }, 'settled a toastie its maker left');
      } catch (err) {
        const waitMs = this.backoff.failed(record.toastie.id);
        this.logger.warn({ err, toastieId: record.toastie.id, retryInMs: waitMs }, 'could not settle a toastie yet');
      }
    });
    const oldest = Math.min(now, ...records.map((r) => r.toastie.createdAt.getTime()));
    this.unsettledGauge.set(records.length);
    this.oldestGauge.set((now - oldest) / 1000);
    if (now - this.lastPrune >= this.pruneEveryMs) {
      const before = new Date(now - this.options.retentionMs);
      const [keys, failed] = await Promise.all([
        this.keys.forgetBefore(before),
        this.toasties.forgetFailedBefore(before),
      ]);
      if (keys + failed > 0)
        this.logger.info({ keys, failed, before }, 'forgot keys and failed toasties past their retention');
      this.lastPrune = now;
    }
  }

  private scopeOf(toastieId: string) {
    const requestId = `settle-${toastieId}`;
    return { requestId, logger: this.logger.child({ requestId }) };
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
