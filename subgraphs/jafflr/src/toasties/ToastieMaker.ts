import type { RequestScope } from '../../../../platform/requestScope.js';
import type { ChillybinClient } from '../chillybin/ChillybinClient.js';
import type { Grill } from './Grill.js';
import { countByName, toastieIngredients, type Doneness } from './rules.js';
import type { Toastie, ToastieRepository } from './ToastieRepository.js';

export interface ToastieOrder {
  ingredients: string[];
  doneness: Doneness;
}

/**
 * Makes a toastie: checks the order, picks every ingredient from chillybin,
 * records the toastie, cooks it. If anything fails after a pick, what was
 * picked goes back, so a failed toastie never eats stock.
 */
export class ToastieMaker {
  constructor(
    private readonly chillybin: ChillybinClient,
    private readonly toasties: ToastieRepository,
    private readonly grill: Grill,
  ) {}

  /** `scope` is the request's: its id goes to chillybin with every pick, and its logger is used here. */
  async make({ ingredients: fillings, doneness }: ToastieOrder, scope: RequestScope): Promise<Toastie> {
    const ingredients = toastieIngredients(fillings);
    const picked = await this.pickAll(countByName(ingredients), scope);
    let toastie: Toastie;
    try {
      toastie = await this.toasties.create(ingredients, doneness);
    } catch (err) {
      await this.putBack(picked, scope);
      throw err;
    }
    await this.grill.cook(doneness);
    return toastie;
  }

  /** Picks all at once; on the first failure, puts back the ones taken and rethrows it. */
  private async pickAll(counts: Map<string, number>, scope: RequestScope): Promise<Map<string, number>> {
    const entries = [...counts];
    const results = await Promise.allSettled(entries.map(([name, n]) => this.chillybin.pick(name, n, scope)));
    const picked = new Map(entries.filter((_, i) => results[i]!.status === 'fulfilled'));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      await this.putBack(picked, scope);
      throw failure.reason;
    }
    return picked;
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
