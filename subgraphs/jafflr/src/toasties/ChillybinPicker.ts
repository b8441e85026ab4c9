import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../../platform/errors.js';
import type { RequestScope } from '../../../../platform/requestScope.js';
import { effectOf, type ChillybinClient } from '../chillybin/ChillybinClient.js';
import type { PutBackOutbox } from '../chillybin/PutBackOutbox.js';

/**
 * Gives back what a successful pick took, when the toastie cannot be finished
 * after all: through the outbox, which first checks whether the toastie was
 * recorded as made despite the error (its answer lost), and retries until
 * chillybin takes it.
 */
export type Undo = (toastieId: string) => Promise<void>;

/**
 * The two ways of taking a toastie's ingredients from chillybin: v1, one
 * `pick` per ingredient with jafflr putting back on failure; v2, one
 * `pickIngredients` order that chillybin takes all or none and `cancelOrder` undoes.
 */
export class ChillybinPicker {
  constructor(
    private readonly chillybin: ChillybinClient,
    private readonly outbox: PutBackOutbox,
  ) {}

  /**
   * v1: picks all at once; on the first failure, puts back the ones taken and
   * rethrows it. A pick that got no answer may or may not have taken stock:
   * it is recorded as doubtful, never put back, so stock is never invented.
   */
  async pickEach(counts: Map<string, number>, scope: RequestScope): Promise<Undo> {
    const entries = [...counts];
    const results = await Promise.allSettled(entries.map(([name, n]) => this.chillybin.pick(name, n, scope)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!failure) return (toastieId) => this.outbox.owe(counts, toastieId);

    const taken = new Map<string, number>();
    const doubts: Promise<void>[] = [];
    entries.forEach(([name, n], i) => {
      const result = results[i]!;
      if (result.status === 'fulfilled') taken.set(name, n);
      else if (effectOf(result.reason) === 'unknown') doubts.push(this.outbox.doubt(name, n, 'pick'));
    });
    await Promise.all([this.outbox.owe(taken), ...doubts]);
    throw failure.reason;
  }

  /**
   * v2: one order under an id chosen here. When chillybin does not answer, the
   * pick may or may not have happened: the same id makes one more try safe,
   * and if that does not answer either, the order is owed a cancel, which the
   * outbox retries until chillybin answers (cancelling is idempotent, and an
   * order cancelled before it arrives never picks). Only a definite refusal
   * leaves nothing to settle: chillybin saying no, or neither call reaching it.
   */
  async pickOrder(orderId: string, counts: Map<string, number>, customer: string | null, scope: RequestScope): Promise<Undo> {
    const order = { orderId, customer, items: [...counts].map(([name, quantity]) => ({ name, quantity })) };
    try {
      await this.chillybin.pickIngredients(order, scope);
    } catch (err) {
      if (!unanswered(err)) throw err;
      try {
        await this.chillybin.pickIngredients(order, scope);
      } catch (again) {
        if (unanswered(again) && (effectOf(err) === 'unknown' || effectOf(again) === 'unknown')) {
          await this.outbox.oweCancel(orderId);
        }
        throw again;
      }
    }
    return (toastieId) => this.outbox.oweCancel(orderId, toastieId);
  }
}

function unanswered(err: unknown): boolean {
  return err instanceof GraphQLError && err.extensions.code === ErrorCode.CHILLYBIN_UNAVAILABLE;
}
