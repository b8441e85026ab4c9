import { effectOf, type ChillybinClient } from '../chillybin/ChillybinClient.js';
import type { PutBackOutbox } from '../chillybin/PutBackOutbox.js';
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
 * picked goes back (through the outbox, which retries until chillybin takes
 * it), so a failed toastie never eats stock.
 */
export class ToastieMaker {
  constructor(
    private readonly chillybin: ChillybinClient,
    private readonly toasties: ToastieRepository,
    private readonly grill: Grill,
    private readonly outbox: PutBackOutbox,
  ) {}

  async make({ ingredients: fillings, doneness }: ToastieOrder): Promise<Toastie> {
    const ingredients = toastieIngredients(fillings);
    const picked = await this.pickAll(countByName(ingredients));
    const id = this.toasties.newId();
    let toastie: Toastie;
    try {
      toastie = await this.toasties.create(ingredients, doneness, id);
    } catch (err) {
      // The insert may have happened with only its answer lost: the outbox checks before putting anything back.
      await this.outbox.owe(picked, id);
      throw err;
    }
    await this.grill.cook(doneness);
    return toastie;
  }

  /**
   * Picks all at once; on the first failure, puts back the ones taken and
   * rethrows it. A pick that got no answer may or may not have taken stock:
   * it is recorded as doubtful, never put back, so stock is never invented.
   */
  private async pickAll(counts: Map<string, number>): Promise<Map<string, number>> {
    const entries = [...counts];
    const results = await Promise.allSettled(entries.map(([name, n]) => this.chillybin.pick(name, n)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!failure) return counts;

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
}
