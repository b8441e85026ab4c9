import { ErrorCode, domainError } from './errors.js';

// Inputs that mean the same thing in every subgraph, checked by one rule
// wherever they arrive, so jafflr refuses what chillybin would refuse before
// anything is picked.

export const MAX_INGREDIENT_NAME_LENGTH = 40;

const ingredientNamePattern = /^[a-z][a-z0-9-]*( [a-z0-9-]+)*$/;
const customerPattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Ingredient names are short lower-case words, so they are safe in logs, URLs and queries. */
export function isIngredientName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_INGREDIENT_NAME_LENGTH && ingredientNamePattern.test(name);
}

export function badIngredientNameMessage(name: string): string {
  return `Ingredient name ${JSON.stringify(name.slice(0, MAX_INGREDIENT_NAME_LENGTH))} is not valid: use 1 to ${MAX_INGREDIENT_NAME_LENGTH} lower-case letters, digits, hyphens or single spaces, starting with a letter`;
}

/**
 * A customer travels from jafflr's order to chillybin's record of it, and is
 * named in jafflr's feature flags (`FEATURE_PICK_V2=alice,bob`).
 */
export function isCustomerName(customer: string): boolean {
  return customerPattern.test(customer);
}

export function checkCustomer(customer: string): void {
  if (!isCustomerName(customer)) {
    throw domainError(
      ErrorCode.BAD_USER_INPUT,
      'A customer is 1 to 64 letters, digits, ., _, @ or -, starting with a letter or digit',
      { argument: 'customer' },
    );
  }
}
