import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../../platform/errors.js';
import type { RequestScope } from '../../../../platform/requestScope.js';
import { effectOf, type ChillybinClient } from '../chillybin/ChillybinClient.js';
import { countByName } from './rules.js';
import type { UndoStep } from './ToastiesInProgress.js';

export type PickVersion = 'v1' | 'v2';

/** How a pick ended: taken, or failed, and then whether it certainly took nothing (so there is nothing to undo). */
export type PickResult = { ok: true } | { ok: false; error: unknown; tookNothing: boolean };

/** What undoes the pick of a toastie, and names it: recorded before the pick is made. */
export function undoStepsFor(toastieId: string, ingredients: string[], version: PickVersion): UndoStep[] {
  if (version === 'v2') return [{ kind: 'cancelOrder', orderId: `toastie-${toastieId}` }];
  return [...countByName(ingredients)].map(([name, quantity], i) => ({
    kind: 'putBack',
    key: `toastie-${toastieId}-${i}`,
    name,
    quantity,
  }));
}

/**
 * The two ways of taking a toastie's ingredients from chillybin, each named
 * before it is made so that it can be undone exactly whatever happens: v1,
 * one deprecated `pick` per ingredient under a key of its own; v2, one
 * `pickIngredients` order named after the toastie.
 */
export class ChillybinPicker {
  constructor(private readonly chillybin: ChillybinClient) {}

  async pick(
    undo: UndoStep[],
    ingredients: string[],
    customer: string | null,
    scope: RequestScope,
  ): Promise<PickResult> {
    const [first] = undo;
    if (first?.kind === 'cancelOrder') return this.pickOrder(first.orderId, ingredients, customer, scope);
    const picks = undo.filter((step) => step.kind === 'putBack');
    const results = await Promise.allSettled(picks.map((step) => this.chillybin.pick(step, scope)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length === 0) return { ok: true };
    const tookNothing = failed.length === results.length && failed.every((r) => effectOf(r.reason) === 'none');
    return { ok: false, error: failed[0]!.reason, tookNothing };
  }

  /** Undoes one step; safe to repeat, and safe for a pick that never happened. */
  async undo(step: UndoStep, scope: RequestScope): Promise<void> {
    if (step.kind === 'cancelOrder') return this.chillybin.cancelOrder(step.orderId, scope);
    try {
      await this.chillybin.putBack(step, scope);
    } catch (err) {
      // chillybin records the key as undone before it looks the ingredient up: one it never had was never taken.
      if (!(err instanceof GraphQLError && err.extensions.code === ErrorCode.NOT_FOUND)) throw err;
    }
  }

  /**
   * v2: one order under an id chosen here. When chillybin does not answer, the
   * same id makes one more try safe: it answers as the first run did, or waits for it.
   */
  private async pickOrder(orderId: string, ingredients: string[], customer: string | null, scope: RequestScope) {
    const items = [...countByName(ingredients)].map(([name, quantity]) => ({ name, quantity }));
    const order = { orderId, customer, items };
    const errors: unknown[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        await this.chillybin.pickIngredients(order, scope);
        return { ok: true } as const;
      } catch (err) {
        errors.push(err);
        if (!unanswered(err)) break;
      }
    }
    // Every try counts: a first one that got no answer may have taken, whatever the retry met (a refused connection, say).
    return { ok: false, error: errors.at(-1), tookNothing: errors.every((err) => effectOf(err) === 'none') } as const;
  }
}

function unanswered(err: unknown): boolean {
  return err instanceof GraphQLError && err.extensions.code === ErrorCode.CHILLYBIN_UNAVAILABLE;
}
