import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../../platform/errors.js';
import type { Logger } from '../../../../platform/logger.js';
import type { ChillybinClient } from '../chillybin/ChillybinClient.js';

/** Gives back what a successful pick took, when the toastie cannot be finished after all. */
export type Undo = () => Promise<void>;

/**
 * The two ways of taking a toastie's ingredients from chillybin: v1, one
 * `pick` per ingredient with jafflr putting back on failure; v2, one
 * `pickIngredients` order that chillybin takes all or none and `cancelOrder` undoes.
 */
export class ChillybinPicker {
  constructor(
    private readonly chillybin: ChillybinClient,
    private readonly logger: Logger,
  ) {}

  /** v1: picks all at once; on the first failure, puts back the ones taken and rethrows it. */
  async pickEach(counts: Map<string, number>): Promise<Undo> {
    const entries = [...counts];
    const results = await Promise.allSettled(entries.map(([name, n]) => this.chillybin.pick(name, n)));
    const picked = new Map(entries.filter((_, i) => results[i]!.status === 'fulfilled'));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      await this.putBack(picked);
      throw failure.reason;
    }
    return () => this.putBack(picked);
  }

  /**
   * v2: one order under an id chosen here. When chillybin does not answer, the
   * pick may or may not have happened: the same id makes one more try safe,
   * and if that does not answer either, cancelling settles it both ways.
   */
  async pickOrder(orderId: string, counts: Map<string, number>, customer: string | null): Promise<Undo> {
    const order = { orderId, customer, items: [...counts].map(([name, quantity]) => ({ name, quantity })) };
    try {
      await this.chillybin.pickIngredients(order);
    } catch (err) {
      if (!unanswered(err)) throw err;
      try {
        await this.chillybin.pickIngredients(order);
      } catch (again) {
        if (unanswered(again)) await this.cancel(orderId);
        throw again;
      }
    }
    return () => this.cancel(orderId);
  }

  private async cancel(orderId: string): Promise<void> {
    try {
      await this.chillybin.cancelOrder(orderId);
    } catch (err) {
      // The order may hold stock until someone cancels it again: loud, so it can be reconciled.
      this.logger.error({ err, orderId }, 'could not cancel a chillybin order');
    }
  }

  private async putBack(picked: Map<string, number>): Promise<void> {
    await Promise.all(
      [...picked].map(async ([name, n]) => {
        try {
          await this.chillybin.putBack(name, n);
        } catch (err) {
          // Stock is now short by n until someone restocks: loud, so it can be reconciled.
          this.logger.error({ err, ingredient: name, quantity: n }, 'could not put back a picked ingredient');
        }
      }),
    );
  }
}

function unanswered(err: unknown): boolean {
  return err instanceof GraphQLError && err.extensions.code === ErrorCode.CHILLYBIN_UNAVAILABLE;
}
