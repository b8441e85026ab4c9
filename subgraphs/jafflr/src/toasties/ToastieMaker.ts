import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLError } from 'graphql';
import { ErrorCode, domainError } from '../../../../platform/errors.js';
import type { RequestScope } from '../../../../platform/requestScope.js';
import type { FeatureFlags } from '../features/FeatureFlags.js';
import type { ChillybinPicker, Undo } from './ChillybinPicker.js';
import type { Grill } from './Grill.js';
import { countByName, toastieIngredients, type Doneness } from './rules.js';
import type { ToastieKeyRepository } from './ToastieKeyRepository.js';
import type { Toastie, ToastieFailure, ToastieRepository } from './ToastieRepository.js';

export interface ToastieOrder {
  fillings: string[];
  doneness: Doneness;
  customer: string | null;
  idempotencyKey: string | null;
}

export interface ToastieMakerOptions {
  /** How long a call waits for an earlier one with the same idempotency key to finish. */
  waitMs: number;
  pollMs?: number;
}

/**
 * Makes a toastie: checks the order, records it as pending, picks every
 * ingredient from chillybin (v1 or v2, by the `pick.v2` flag for the
 * customer), marks it made, cooks it. A failed toastie never eats stock:
 * what it took goes back through the put-back outbox.
 *
 * With an idempotency key, the pending record claims the key first; a call
 * that finds the key taken waits for that toastie and answers as it did.
 */
export class ToastieMaker {
  private readonly pollMs: number;

  constructor(
    private readonly picker: ChillybinPicker,
    private readonly toasties: ToastieRepository,
    private readonly keys: ToastieKeyRepository,
    private readonly features: FeatureFlags,
    private readonly grill: Grill,
    private readonly options: ToastieMakerOptions,
  ) {
    this.pollMs = options.pollMs ?? 20;
  }

  /** `scope` is the request's: its id goes to chillybin with every call, and its logger is used here. */
  async make({ fillings, doneness, customer, idempotencyKey }: ToastieOrder, scope: RequestScope): Promise<Toastie> {
    const ingredients = toastieIngredients(fillings);
    const toastie = this.toasties.plan(ingredients, doneness, customer);
    if (!idempotencyKey) {
      // Nobody follows a toastie without a key, so it is written once, when made.
      return this.attempt(toastie, scope, () => this.toasties.insertMade(toastie));
    }
    await this.toasties.start(toastie);
    const owner = await this.claimKey(idempotencyKey, toastie);
    if (owner !== toastie.id) {
      await this.toasties.discard(toastie.id);
      return this.outcomeOf(owner);
    }
    return this.attempt(toastie, scope, () => this.toasties.markMade(toastie.id));
  }

  /** Returns the id of the toastie the key belongs to: this one, or the one that claimed it first. */
  private async claimKey(key: string, toastie: Toastie): Promise<string> {
    const fingerprint = JSON.stringify([toastie.ingredients, toastie.doneness, toastie.customer]);
    for (;;) {
      const claim = await this.keys.claim(key, toastie.id, fingerprint);
      if (claim.claimed) return toastie.id;
      if (claim.fingerprint !== fingerprint) {
        throw domainError(ErrorCode.CONFLICT, 'This idempotencyKey was already used for a different toastie', {
          argument: 'idempotencyKey',
        });
      }
      const owner = await this.toasties.findAttempt(claim.toastieId);
      if (owner && owner.status !== 'FAILED') return owner.id;
      // A failed toastie took no stock, so a retry with its key may try again; one retrier wins the key.
      if (await this.keys.takeOver(key, claim.toastieId, toastie.id)) return toastie.id;
    }
  }

  /** Picks, then records the toastie as made with `recordMade`; a failure after the pick undoes it. */
  private async attempt(toastie: Toastie, scope: RequestScope, recordMade: () => Promise<void>): Promise<Toastie> {
    let undo: Undo;
    try {
      undo = await this.pick(toastie, scope);
    } catch (err) {
      await this.recordFailure(toastie, err, scope);
      throw err;
    }
    try {
      await recordMade();
    } catch (err) {
      // The write may have happened with only its answer lost: the outbox checks before giving anything back.
      await undo(toastie.id);
      await this.recordFailure(toastie, err, scope);
      throw err;
    }
    await this.grill.cook(toastie.doneness);
    return { ...toastie, status: 'MADE' };
  }

  private async pick({ id, ingredients, customer }: Toastie, scope: RequestScope): Promise<Undo> {
    const counts = countByName(ingredients);
    if (!(await this.features.isOn('pick.v2', customer))) return this.picker.pickEach(counts, scope);
    // Named after the toastie, so every retry of this toastie's pick is the same chillybin order.
    return this.picker.pickOrder(`toastie-${id}`, counts, customer, scope);
  }

  private async recordFailure(toastie: Toastie, err: unknown, scope: RequestScope): Promise<void> {
    try {
      await this.toasties.markFailed(toastie.id, failureOf(err));
    } catch (recordErr) {
      // Callers waiting on its key give up after waitMs; the original error still goes to this caller.
      scope.logger.error({ err: recordErr, toastieId: toastie.id }, 'could not record a failed toastie');
    }
  }

  /** Waits, bounded, for the toastie that owns a key, and answers as it did. */
  private async outcomeOf(id: string): Promise<Toastie> {
    const deadline = Date.now() + this.options.waitMs;
    for (;;) {
      const toastie = await this.toasties.findAttempt(id);
      if (toastie?.status === 'MADE') return toastie;
      if (toastie?.status === 'FAILED') throw errorOf(toastie.failure);
      if (Date.now() >= deadline) {
        throw domainError(ErrorCode.CONFLICT, 'A toastie with this idempotencyKey is still being made; try again shortly', {
          argument: 'idempotencyKey',
        });
      }
      await sleep(this.pollMs);
    }
  }
}

function failureOf(err: unknown): ToastieFailure {
  if (err instanceof GraphQLError && typeof err.extensions.code === 'string') {
    const { code, ...extensions } = err.extensions;
    return { code, message: err.message, extensions };
  }
  return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error', extensions: {} };
}

function errorOf(failure: ToastieFailure | null): GraphQLError {
  const { code, message, extensions } = failure ?? failureOf(undefined);
  return domainError(code as ErrorCode, message, extensions);
}
