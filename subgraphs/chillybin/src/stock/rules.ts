import { ErrorCode, domainError } from '../../../../platform/errors.js';
import {
  MAX_INGREDIENT_NAME_LENGTH,
  badIngredientNameMessage,
  isIngredientName,
} from '../../../../platform/graphInputs.js';

/** The most one pick or one stock level may be: anything larger is a typo or an attack. */
export const MAX_QUANTITY = 10_000;
export const MAX_NAME_LENGTH = MAX_INGREDIENT_NAME_LENGTH;
export const MAX_LEVELS = 100;
export const MAX_DESCRIPTION_LENGTH = 200;

export function checkIngredientName(name: string): void {
  if (!isIngredientName(name)) {
    throw domainError(ErrorCode.BAD_USER_INPUT, badIngredientNameMessage(name), { argument: 'name' });
  }
}

/** A quantity to take or put back: a positive whole number, and not absurdly large. */
export function checkQuantity(quantity: number, argument = 'quantity'): void {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw domainError(
      ErrorCode.BAD_USER_INPUT,
      `Quantity must be a whole number from 1 to ${MAX_QUANTITY}, got ${quantity}`,
      { argument },
    );
  }
}

/** A stock level may be zero (an empty shelf) but never negative. */
export function checkLevel(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) {
    throw domainError(
      ErrorCode.BAD_USER_INPUT,
      `Stock level must be a whole number from 0 to ${MAX_QUANTITY}, got ${quantity}`,
      { argument: 'levels' },
    );
  }
}

/** A description is shown to people: one line of printable text, not too long. */
export function checkDescription(description: string): void {
  if (description.length > MAX_DESCRIPTION_LENGTH || /[\u0000-\u001f\u007f]/.test(description)) {
    throw domainError(
      ErrorCode.BAD_USER_INPUT,
      `A description is one line of at most ${MAX_DESCRIPTION_LENGTH} characters`,
      { argument: 'levels' },
    );
  }
}
