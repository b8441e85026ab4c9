import { ErrorCode, domainError } from '../../../../platform/errors.js';
import { badIngredientNameMessage, isIngredientName } from '../../../../platform/graphInputs.js';
import type { Doneness } from '../generated/graphql.js';

/** Cooking times from the seed, before the configured scale is applied. */
export const COOKING_MS: Record<Doneness, number> = {
  LIGHT: 1000,
  MEDIUM: 2000,
  WELL_DONE: 5000,
  BURNT: 10_000,
};

export const MAX_FILLINGS = 10;

/** The most `toasties(last:)` shows. */
export const MAX_TOASTIES_PAGE = 100;

/** Every toastie gets two slices of bread, whatever the order says. */
export const BREAD = ['bread', 'bread'] as const;

/**
 * Where a client sent its fillings: `fillings`, or `ingredients`, its
 * deprecated name. Every error about them names the one the client used.
 */
export type FillingsArgument = 'fillings' | 'ingredients';

/** The seed's rules for an order: at least one filling, at most ten, well-formed names, and cheese among them. */
export function checkFillings(fillings: readonly string[], argument: FillingsArgument = 'fillings'): void {
  const broken = (rule: string, message: string) => domainError(ErrorCode.BAD_USER_INPUT, message, { rule, argument });
  if (fillings.length === 0) throw broken('AT_LEAST_ONE_INGREDIENT', 'A toastie needs at least one ingredient');
  if (fillings.length > MAX_FILLINGS) {
    throw broken('AT_MOST_TEN_FILLINGS', `A toastie holds at most ${MAX_FILLINGS} fillings`);
  }
  const badName = fillings.find((name) => !isIngredientName(name));
  if (badName !== undefined) throw broken('INGREDIENT_NAME', badIngredientNameMessage(badName));
  if (!fillings.includes('cheese')) throw broken('CHEESE_REQUIRED', 'A toastie must include cheese');
}

/** Everything a toastie needs, bread included, once its fillings pass `checkFillings`. */
export function toastieIngredients(fillings: readonly string[], argument: FillingsArgument = 'fillings'): string[] {
  checkFillings(fillings, argument);
  return [...fillings, ...BREAD];
}

/** How many of each ingredient to pick, in the order first asked for. */
export function countByName(ingredients: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of ingredients) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,64}$/;

/** Long enough not to collide by accident (a UUID fits), short and plain enough to store and log. */
export function checkIdempotencyKey(key: string): void {
  if (!idempotencyKeyPattern.test(key)) {
    throw domainError(
      ErrorCode.BAD_USER_INPUT,
      'An idempotencyKey is 8 to 64 letters, digits, _ or -, such as a UUID',
      {
        argument: 'idempotencyKey',
      },
    );
  }
}
