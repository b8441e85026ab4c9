import { Counter, Gauge, type Registry } from 'prom-client';
import { ErrorCode, domainError } from './errors.js';
import type { CallerGone } from './requestScope.js';

export interface AdmissionOptions {
  /** Prefix of the metrics, such as `jafflr_toasties`; says what the work is. */
  name: string;
  /** The work's name in an error message: "toasties". */
  noun: string;
  /** How many may run at once. */
  atOnce: number;
  /** How many may wait for a turn; more are refused at once. */
  waiting: number;
  registry: Registry;
}

type Refusal = 'queue full' | 'no turn in time';

/** The longest delay setTimeout keeps; a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Waiter {
  admit(): void;
  timer: NodeJS.Timeout;
}

/**
 * Load shedding in front of work that writes: at most `atOnce` run, at most
 * `waiting` queue in arrival order, a waiter whose turn would come after its
 * deadline is refused when the deadline comes, and one whose caller goes away
 * leaves the queue at once. Both happen before the work starts, so it writes
 * nothing, takes nothing and owes no undo.
 *
 * Without it, more requests than the database can take at once all start,
 * queue inside the database, pass their deadlines part-way, and are undone by
 * more writes: the work that fails makes the work that is left slower
 * (a metastable overload). Queued here, they cost nothing while they wait.
 */
export class Admission {
  private running = 0;
  private readonly queue: Waiter[] = [];
  private readonly refusedCounter: Counter<'reason'>;
  private readonly abandonedCounter: Counter;

  constructor(private readonly options: AdmissionOptions) {
    const { name, registry } = options;
    // Both read when scraped.
    const running: Gauge = new Gauge({
      name: `${name}_running`,
      help: `Admitted and not yet finished (at most ${options.atOnce} at once)`,
      registers: [registry],
      collect: () => running.set(this.running),
    });
    const waiting: Gauge = new Gauge({
      name: `${name}_waiting`,
      help: `Waiting for a turn (at most ${options.waiting})`,
      registers: [registry],
      collect: () => waiting.set(this.queue.length),
    });
    this.refusedCounter = new Counter({
      name: `${name}_refused_total`,
      help: 'Refused before starting, for load: the queue was full, or no turn came before the deadline',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.abandonedCounter = new Counter({
      name: `${name}_abandoned_total`,
      help: 'Given up while waiting for a turn, because the caller closed its connection: nothing was started',
      registers: [registry],
    });
    for (const reason of ['queue full', 'no turn in time'] satisfies Refusal[]) this.refusedCounter.inc({ reason }, 0);
  }

  /**
   * Runs `work` in its turn, if the turn comes before `deadline` (ms since
   * epoch); else throws OVERLOADED. When its caller goes while it waits,
   * it leaves the queue and throws DEADLINE_EXCEEDED: nobody is left to answer.
   */
  async run<T>(deadline: number, work: () => Promise<T>, callerGone?: CallerGone): Promise<T> {
    await this.turn(deadline, callerGone);
    try {
      return await work();
    } finally {
      this.finished();
    }
  }

  private turn(deadline: number, callerGone: CallerGone | undefined): Promise<void> {
    if (callerGone?.gone) return Promise.reject(this.abandon());
    if (this.running < this.options.atOnce && this.queue.length === 0) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.queue.length >= this.options.waiting) return Promise.reject(this.refuse('queue full'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          stopWaiting();
          resolve();
        },
        timer: setTimeout(
          () => {
            leave();
            reject(this.refuse('no turn in time'));
          },
          Math.min(MAX_TIMER_MS, Math.max(0, deadline - Date.now())),
        ),
      };
      const stopWaiting = () => {
        clearTimeout(waiter.timer);
        stopListening?.();
      };
      const leave = () => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        stopWaiting();
      };
      const stopListening = callerGone?.whenGone(() => {
        leave();
        reject(this.abandon());
      });
      this.queue.push(waiter);
    });
  }

  /** The finished run's turn passes straight to the first waiter, so `running` never drops below what is owed. */
  private finished(): void {
    const next = this.queue.shift();
    if (next) next.admit();
    else this.running -= 1;
  }

  /** Counts a waiter whose caller went away; its error reaches nobody, but says what happened in a log. */
  private abandon() {
    this.abandonedCounter.inc();
    return domainError(
      ErrorCode.DEADLINE_EXCEEDED,
      `The caller stopped waiting before this one's turn came; nothing was taken.`,
      { reason: 'caller gone' },
    );
  }

  private refuse(reason: Refusal) {
    this.refusedCounter.inc({ reason });
    return domainError(
      ErrorCode.OVERLOADED,
      `Too many ${this.options.noun} are under way to start this one in time; nothing was taken. Try again shortly.`,
      { reason },
    );
  }
}
