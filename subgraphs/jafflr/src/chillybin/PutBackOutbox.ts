import { ObjectId, type Collection, type Db } from 'mongodb';
import type { Logger } from '../../../../platform/logger.js';
import type { RequestScope } from '../../../../platform/requestScope.js';
import { effectOf, type ChillybinClient } from './ChillybinClient.js';

/**
 * `owed`: taken for a toastie that failed, to be put back (v1: an ingredient's
 * quantity) or cancelled (v2: a chillybin order, whether or not it took stock).
 * `doubtful`: a v1 pick or put-back whose outcome is unknown (no answer: the
 * connection broke or the time ran out). It is never retried, because
 * chillybin's per-item API cannot say whether it happened, and stock must
 * never be invented: stock may be short by this much until someone counts
 * it. A v2 order is never doubtful: cancelling it is safe either way, so it is
 * retried until chillybin answers.
 */
export type PutBackState = 'owed' | 'doubtful';

export interface PutBackDocument {
  _id: ObjectId;
  /** v1: what to put back. Zero quantity and an empty name for an order. */
  ingredient: string;
  quantity: number;
  /** v2: the chillybin order to cancel; cancelling puts back whatever it took, and stops it ever picking. */
  orderId?: string;
  state: PutBackState;
  /** For `doubtful`: which call it was. */
  call?: 'pick' | 'putBack';
  /** The toastie whose recording failed, if that was the failure: owed only if it really is not recorded. */
  toastieId?: string;
  createdAt: Date;
  /** An instance working on an `owed` entry holds it until then, so two never put back the same stock. */
  leaseUntil: Date;
}

interface Debt extends PutBackDocument {
  saved: boolean;
  returned: boolean;
}

export const PUT_BACKS = 'putBacks';

const LEASE_MS = 30_000;

/**
 * What jafflr owes chillybin (stock to put back, orders to cancel), kept in
 * jafflr's own database and retried in the background until chillybin takes
 * it. An entry is written before the first attempt and deleted once chillybin
 * has taken it (or the toastie turns out to be made), so a jafflr that stops in between
 * leaves it for the next one (after its lease runs out). When the database is
 * down too, entries wait in memory and are written when it is back.
 *
 * A put-back that gets no answer (timed out, connection broken) is recorded
 * as doubtful rather than sent again, which could return the stock twice. A
 * cancel is sent again until it is answered: chillybin cancels an order once.
 */
export class PutBackOutbox {
  private readonly entries: Collection<PutBackDocument>;
  private readonly debts = new Map<string, Debt>();
  private readonly inFlight = new Set<string>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;

  constructor(
    db: Db,
    private readonly chillybin: ChillybinClient,
    /** Whether a toastie was recorded after all, in which case it holds the stock. */
    private readonly toastieExists: (id: string) => Promise<boolean>,
    private readonly logger: Logger,
    private readonly retryMs: number,
  ) {
    this.entries = db.collection<PutBackDocument>(PUT_BACKS);
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.ticking ??= this.retry().finally(() => (this.ticking = undefined));
    }, this.retryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  /** Records what is owed, then tries to put it back at once; whatever chillybin does not take is retried later. */
  async owe(items: ReadonlyMap<string, number>, toastieId?: string): Promise<void> {
    await this.record([...items].map(([ingredient, quantity]) => this.add(ingredient, quantity, 'owed', { toastieId })));
  }

  /** Records a chillybin order to cancel, then tries at once; chillybin may or may not have picked it. */
  async oweCancel(orderId: string, toastieId?: string): Promise<void> {
    await this.record([this.add('', 0, 'owed', { orderId, toastieId })]);
  }

  private async record(debts: Debt[]): Promise<void> {
    // Held from the background round until written, so it cannot be put back and then written as still owed.
    for (const debt of debts) this.inFlight.add(debt._id.toHexString());
    await Promise.all(debts.map((debt) => this.save(debt)));
    for (const debt of debts) this.inFlight.delete(debt._id.toHexString());
    await Promise.all(debts.map((debt) => this.attempt(debt)));
  }

  /** Records a call whose effect on the stock is unknown, for someone to reconcile. */
  async doubt(ingredient: string, quantity: number, call: 'pick' | 'putBack'): Promise<void> {
    this.logger.error({ ingredient, quantity, call }, 'chillybin may or may not have done this; stock needs counting');
    const debt = this.add(ingredient, quantity, 'doubtful', { call });
    await this.save(debt);
  }

  private add(
    ingredient: string,
    quantity: number,
    state: PutBackState,
    { call, toastieId, orderId }: Pick<PutBackDocument, 'call' | 'toastieId' | 'orderId'>,
  ): Debt {
    const now = new Date();
    const debt: Debt = {
      _id: new ObjectId(),
      ingredient,
      quantity,
      ...(orderId ? { orderId } : {}),
      state,
      ...(call ? { call } : {}),
      ...(toastieId ? { toastieId } : {}),
      createdAt: now,
      leaseUntil: new Date(now.getTime() + LEASE_MS),
      saved: false,
      returned: false,
    };
    this.debts.set(debt._id.toHexString(), debt);
    return debt;
  }

  private async attempt(debt: Debt): Promise<void> {
    const key = debt._id.toHexString();
    if (debt.state !== 'owed' || debt.returned || this.inFlight.has(key)) return;
    this.inFlight.add(key);
    try {
      if (debt.toastieId && (await this.toastieExists(debt.toastieId))) {
        this.logger.info({ toastie: debt.toastieId }, 'the toastie was recorded after all; nothing to put back');
      } else if (debt.orderId) {
        await this.chillybin.cancelOrder(debt.orderId, this.scopeOf(debt));
      } else {
        await this.chillybin.putBack(debt.ingredient, debt.quantity, this.scopeOf(debt));
      }
      debt.returned = true;
    } catch (err) {
      if (debt.orderId) this.logger.warn({ orderId: debt.orderId }, 'order not cancelled yet, will retry');
      else if (effectOf(err) === 'unknown') {
        debt.state = 'doubtful';
        debt.call = 'putBack';
        this.logger.error({ ingredient: debt.ingredient, quantity: debt.quantity }, 'a put-back may or may not have been done');
      } else this.logger.warn({ ingredient: debt.ingredient, quantity: debt.quantity }, 'put-back not taken yet, will retry');
    } finally {
      this.inFlight.delete(key);
    }
    await this.settle(debt);
  }

  /** Each entry is one piece of background work, named so chillybin's logs can be matched with jafflr's. */
  private scopeOf(debt: Debt): RequestScope {
    const requestId = `put-back-${debt._id.toHexString()}`;
    return { requestId, logger: this.logger.child({ requestId }) };
  }

  /** Brings the database in line with the debt, and forgets it once the database holds what remains. */
  private async settle(debt: Debt): Promise<void> {
    const key = debt._id.toHexString();
    try {
      if (debt.returned) {
        if (debt.saved) await this.entries.deleteOne({ _id: debt._id });
        this.debts.delete(key);
      } else if (debt.state === 'doubtful') {
        if (debt.saved) await this.entries.updateOne({ _id: debt._id }, { $set: { state: 'doubtful', call: 'putBack' } });
        else await this.save(debt);
        if (debt.saved) this.debts.delete(key);
      }
    } catch (err) {
      this.logger.warn({ err, ingredient: debt.ingredient }, 'could not record a put-back yet, will retry');
    }
  }

  private async save(debt: Debt): Promise<void> {
    if (debt.saved) return;
    const { saved: _saved, returned: _returned, ...document } = debt;
    try {
      await this.entries.insertOne(document);
      debt.saved = true;
    } catch (err) {
      if (isDuplicateKey(err)) debt.saved = true;
      else this.logger.warn({ err, ingredient: debt.ingredient }, 'could not record a put-back yet, will retry');
    }
    if (debt.saved && debt.state === 'doubtful') this.debts.delete(debt._id.toHexString());
  }

  /** One background round: write what is unwritten, adopt abandoned entries, retry every put-back. */
  private async retry(): Promise<void> {
    for (const debt of this.debts.values()) {
      if (!debt.saved && !debt.returned && !this.inFlight.has(debt._id.toHexString())) await this.save(debt);
    }
    try {
      const leaseUntil = new Date(Date.now() + LEASE_MS);
      const mine = [...this.debts.values()].filter((d) => d.saved && d.state === 'owed').map((d) => d._id);
      if (mine.length > 0) await this.entries.updateMany({ _id: { $in: mine } }, { $set: { leaseUntil } });
      // A read first, so that the usual round (nothing abandoned) writes nothing.
      const abandoned = await this.entries
        .find({ state: 'owed', leaseUntil: { $lt: new Date() } }, { projection: { _id: 1 }, limit: 100 })
        .toArray();
      for (const { _id } of abandoned) {
        const adopted = await this.entries.findOneAndUpdate(
          { _id, state: 'owed', leaseUntil: { $lt: new Date() } },
          { $set: { leaseUntil } },
          { returnDocument: 'after' },
        );
        if (adopted) this.debts.set(_id.toHexString(), { ...adopted, saved: true, returned: false });
      }
    } catch (err) {
      this.logger.warn({ err }, 'could not read owed put-backs yet, will retry');
    }
    await Promise.all([...this.debts.values()].map((debt) => (debt.returned ? this.settle(debt) : this.attempt(debt))));
  }
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === 11000;
}
