import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, type Registry } from 'prom-client';
import { ErrorCode, domainError, errorOf, failureOf } from '../../../../platform/errors.js';
import type { Admission } from '../../../../platform/admission.js';
import type { RequestScope } from '../../../../platform/requestScope.js';
import type { FeatureFlags } from '../features/FeatureFlags.js';
import { undoStepsFor, type ChillybinPicker } from './ChillybinPicker.js';
import type { Grill } from './Grill.js';
import type { Doneness } from '../generated/graphql.js';
import { toastieIngredients } from './rules.js';
import type { ToastieKeyRepository } from './ToastieKeyRepository.js';
import type { Toastie, ToastieOutcome, ToastieRepository } from './ToastieRepository.js';
import type { ToastieSettler } from './ToastieSettler.js';
import type { ToastieInProgress, ToastiesInProgress } from './ToastiesInProgress.js';

export interface ToastieOrder {
  fillings: string[];
  doneness: Doneness;
  customer: string | null;
  idempotencyKey: string | null;
}

/** A toastie made (or made earlier under the same key), and whether it is this call's to cook. */
interface Recorded {
  outcome: ToastieOutcome;
  cook: boolean;
}

export interface ToastieMakerOptions {
  /** How long a toastie may take to be picked and recorded, when the caller allows longer. */
  deadlineMs: number;
  /** Kept back from the caller's deadline, for the answer to reach it. */
  marginMs?: number;
  pollMs?: number;
}

/** Less than this left for picking is no time at all: the request is refused before anything is taken. */
const MIN_PICK_MS = 100;

/**
 * Makes a toastie as a saga that any crash leaves settleable:
 * 1. the toastie is recorded in progress, with what undoes its pick, before
 *    anything is taken (with an idempotency key, the key is claimed next);
 * 2. its ingredients are picked from chillybin (v1 or v2, by the `pick.v2`
 *    flag for the customer), each call bounded by the toastie's deadline;
 * 3. MADE is recorded, one insert keyed by the toastie's id, unless the
 *    settler recorded FAILED first; it is listed among the recent toasties,
 *    its record forgotten, and it is cooked.
 * A failed pick is settled at once through the settler; whatever this
 * process does not finish, the settler finishes after the deadline.
 * Steps 1 to 3 run in a turn of `admission`: a toastie with no turn before
 * its deadline is refused before step 1, so it writes and takes nothing, and
 * one whose caller goes away while it waits is given up as harmlessly.
 * Cooking needs no turn.
 */
export class ToastieMaker {
  private readonly marginMs: number;
  private readonly pollMs: number;
  private readonly madeCounter: Counter;

  constructor(
    private readonly picker: ChillybinPicker,
    private readonly toasties: ToastieRepository,
    private readonly inProgress: ToastiesInProgress,
    private readonly keys: ToastieKeyRepository,
    private readonly settler: ToastieSettler,
    private readonly features: FeatureFlags,
    private readonly grill: Grill,
    private readonly admission: Admission,
    registry: Registry,
    private readonly options: ToastieMakerOptions,
  ) {
    this.marginMs = options.marginMs ?? 250;
    this.pollMs = options.pollMs ?? 20;
    // Toasties per minute on the dashboard: no operation name tells a makeToastie from other calls reliably.
    this.madeCounter = new Counter({
      name: 'jafflr_toasties_made_total',
      help: 'Toasties recorded MADE by their maker (a retry answered with an earlier toastie is not counted again)',
      registers: [registry],
    });
  }

  /** `scope` is the request's: its id and deadline go to chillybin with every call, and its logger is used here. */
  async make(order: ToastieOrder, scope: RequestScope): Promise<ToastieOutcome> {
    const ingredients = toastieIngredients(order.fillings);
    const deadline = this.deadlineFor(order.doneness, scope);
    // A turn that comes with less than MIN_PICK_MS left would only be refused in it.
    const { outcome, cook } = await this.admission.run(
      deadline - MIN_PICK_MS,
      () => this.record(order, ingredients, deadline, scope),
      scope.callerGone,
    );
    if (cook) await this.grill.cook(order.doneness);
    return outcome;
  }

  /** The saga up to the toastie's outcome, recorded and listed. */
  private async record(
    { doneness, customer, idempotencyKey }: ToastieOrder,
    ingredients: string[],
    deadline: number,
    scope: RequestScope,
  ): Promise<Recorded> {
    const toastie = this.toasties.plan(ingredients, doneness, customer);
    const version = (await this.features.isOn('pick.v2', customer)) ? 'v2' : 'v1';
    const record: ToastieInProgress = {
      toastie,
      undo: undoStepsFor(toastie.id, ingredients, version),
      deadline: new Date(deadline),
    };
    await this.inProgress.add(record);
    if (idempotencyKey) {
      const earlier = await this.claimKey(idempotencyKey, toastie, deadline).catch(async (err: unknown) => {
        await this.forget(record, scope);
        throw err;
      });
      if (earlier) {
        await this.forget(record, scope);
        return { outcome: earlier, cook: false };
      }
    }
    return this.attempt(record, scope);
  }

  /** The caller's deadline, less the cooking and a margin, or our own bound when sooner. */
  private deadlineFor(doneness: Doneness, scope: RequestScope): number {
    const now = Date.now();
    const cookMs = this.grill.cookingMs(doneness);
    const callers = scope.deadline === undefined ? Infinity : scope.deadline - cookMs - this.marginMs;
    const deadline = Math.min(now + this.options.deadlineMs, callers);
    if (deadline - now < MIN_PICK_MS) {
      throw domainError(
        ErrorCode.DEADLINE_EXCEEDED,
        `A ${doneness} toastie cooks for ${cookMs} ms, which leaves no time to pick it within this request's timeout; nothing was taken`,
        { argument: 'doneness' },
      );
    }
    return deadline;
  }

  /**
   * Claims the key for this toastie; returns null when it is this one's, or
   * the toastie made under it earlier. A key whose toastie failed is taken
   * over (one retrier wins); one whose toastie is still in progress is
   * waited for, and settled first if that toastie is overdue.
   */
  private async claimKey(key: string, toastie: Toastie, deadline: number): Promise<ToastieOutcome | null> {
    const fingerprint = JSON.stringify([toastie.ingredients, toastie.doneness, toastie.customer]);
    for (;;) {
      const claim = await this.keys.claim(key, toastie.id, fingerprint);
      if (claim.claimed) return null;
      if (claim.fingerprint !== fingerprint) {
        throw domainError(ErrorCode.CONFLICT, 'This idempotencyKey was already used for a different toastie', {
          argument: 'idempotencyKey',
        });
      }
      // The record first: an outcome is always written before the record goes.
      const owner = await this.inProgress.find(claim.toastieId);
      if (!owner) {
        const outcome = await this.toasties.findOutcome(claim.toastieId);
        if (outcome?.status === 'MADE') return outcome;
        // Failed (or forgotten): it took nothing, so the key may try again.
        if (await this.keys.takeOver(key, claim.toastieId, toastie.id)) return null;
        continue;
      }
      if (await this.settler.settleIfOverdue(claim.toastieId)) continue;
      if (Date.now() >= deadline) {
        throw domainError(
          ErrorCode.CONFLICT,
          'A toastie with this idempotencyKey is still being made; try again shortly',
          {
            argument: 'idempotencyKey',
          },
        );
      }
      await sleep(this.pollMs);
    }
  }

  private async attempt(record: ToastieInProgress, scope: RequestScope): Promise<Recorded> {
    const { toastie, undo, deadline } = record;
    const picked = await this.picker.pick(undo, toastie.ingredients, toastie.customer, {
      ...scope,
      deadline: deadline.getTime(),
    });
    if (!picked.ok) return this.fail(record, picked.error, picked.tookNothing, scope);
    if (Date.now() >= deadline.getTime()) {
      const late = domainError(
        ErrorCode.DEADLINE_EXCEEDED,
        'The toastie could not be made in time; nothing was taken. Try again.',
      );
      return this.fail(record, late, false, scope);
    }
    // If this throws, the answer may or may not have been written: the settler finds out which.
    const outcome = await this.toasties.decide(toastie, 'MADE');
    if (outcome.status === 'FAILED') throw errorOf(outcome.failure);
    this.madeCounter.inc();
    if (await this.list(outcome, scope)) await this.forget(record, scope);
    return { outcome, cook: true };
  }

  /** Settles a failed pick now; if that fails too, the settler finishes it later. The caller gets the pick's error. */
  private async fail(
    record: ToastieInProgress,
    error: unknown,
    tookNothing: boolean,
    scope: RequestScope,
  ): Promise<never> {
    try {
      await this.settler.settle(record, failureOf(error), tookNothing);
    } catch (err) {
      scope.logger.warn(
        { err, toastieId: record.toastie.id },
        'could not settle a failed toastie yet; the settler will',
      );
    }
    throw error;
  }

  /**
   * Lists the made toastie before its record is forgotten; if that fails, the
   * record stays for the settler to list it, and the toastie, made, is served.
   */
  private async list(outcome: ToastieOutcome, scope: RequestScope): Promise<boolean> {
    try {
      await this.toasties.list(outcome);
      return true;
    } catch (err) {
      scope.logger.warn({ err, toastieId: outcome.id }, 'could not list a made toastie yet; the settler will');
      return false;
    }
  }

  /** The record is not needed any more (or never was); if this fails, the settler clears it after the deadline. */
  private async forget({ toastie }: ToastieInProgress, scope: RequestScope): Promise<void> {
    try {
      await this.inProgress.remove(toastie.id);
    } catch (err) {
      scope.logger.warn({ err, toastieId: toastie.id }, 'could not clear a toastie in progress; the settler will');
    }
  }
}
