import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../../platform/errors.js';
import type { RequestScope } from '../../../../platform/requestScope.js';
import type { ChillybinClient } from '../chillybin/ChillybinClient.js';

/** Gives back what a successful pick took, when the toastie cannot be finished after all. */
export type Undo = () => Promise<void>;

/**
 * The two ways of taking a toastie's ingredients from chillybin: v1, one
 * `pick` per ingredient with jafflr putting back on failure; v2, one
 * `pickIngredients` order that chillybin takes all or none and `cancelOrder` undoes.
 */
export class ChillybinPicker {
  constructor(private readonly chillybin: ChillybinClient) {}

  /** v1: picks all at once; on the first failure, puts back the ones taken and rethrows it. */
  async pickEach(counts: Map<string, number>, scope: RequestScope): Promise<Undo> {
    const entries = [...counts];
    const results = await Promise.allSettled(entries.map(([name, n]) => this.chillybin.pick(name, n, scope)));
    const picked = new Map(entries.filter((_, i) => results[i]!.status === 'fulfilled'));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      await this.putBack(picked, scope);
      throw failure.reason;
    }
    return () => this.putBack(picked, scope);
  }

  /**
   * v2: one order under an id chosen here. When chillybin does not answer, the
   * pick may or may not have happened: the same id makes one more try safe,
   * and if that does not answer either, cancelling settles it both ways.
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
        if (unanswered(again)) await this.cancel(orderId, scope);
        throw again;
      }
    }
    return () => this.cancel(orderId, scope);
  }

  private async cancel(orderId: string, scope: RequestScope): Promise<void> {
    try {
      await this.chillybin.cancelOrder(orderId, scope);
    } catch (err) {
      // The order may hold stock until someone cancels it again: loud, so it can be reconciled.
      scope.logger.error({ err, orderId }, 'could not cancel a chillybin order');
    }
  }

  private async putBack(picked: Map<string, number>, scope: RequestScope): Promise<void> {
    await Promise.all(
      [...picked].map(async ([name, n]) => {
        try {
          await this.chillybin.putBack(name, n, scope);
        } catch (err) {
          // Stock is now short by n until someone restocks: loud, so it can be reconciled.
          scope.logger.error({ err, ingredient: name, quantity: n }, 'could not put back a picked ingredient');
        }
      }),
    );
  }
}

function unanswered(err: unknown): boolean {
  return err instanceof GraphQLError && err.extensions.code === ErrorCode.CHILLYBIN_UNAVAILABLE;
}
