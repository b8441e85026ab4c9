import { distance } from 'fastest-levenshtein';
import type { GraphQLError } from 'graphql';
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

export function checkIngredientName(name: string, argument = 'name'): void {
  if (!isIngredientName(name)) {
    throw domainError(ErrorCode.BAD_USER_INPUT, badIngredientNameMessage(name), { argument });
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
export function checkLevel(quantity: number, argument = 'levels'): void {
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) {
    throw domainError(
      ErrorCode.BAD_USER_INPUT,
      `Stock level must be a whole number from 0 to ${MAX_QUANTITY}, got ${quantity}`,
      { argument },
    );
  }
}

/** A description is shown to people: one line of printable text, not too long. */
export function checkDescription(description: string, argument = 'levels'): void {
  if (description.length > MAX_DESCRIPTION_LENGTH || /[\u0000-\u001f\u007f]/.test(description)) {
    throw domainError(
      ErrorCode.BAD_USER_INPUT,
      `A description is one line of at most ${MAX_DESCRIPTION_LENGTH} characters`,
      { argument },
    );
  }
}

/**
 * The known name a mistyped one most likely meant, if any is close enough: at
 * most a third of its letters different (one, for a short name), so `chese`
 * finds `cheese` and `ham` finds nothing among bread, cheese and vegemite.
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const allowed = Math.max(1, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d <= allowed && (!best || d < best.distance)) best = { name: candidate, distance: d };
  }
  return best?.name;
}

/** NOT_FOUND for names restock does not know, each with the nearest known one where there is one; nothing was set. */
export function unknownIngredients(unknown: readonly string[], known: readonly string[]): GraphQLError {
  const described = unknown.map((name) => {
    const suggestion = nearestName(name, known);
    return { name, suggestion, text: suggestion ? `${name} (did you mean ${suggestion}?)` : name };
  });
  return domainError(
    ErrorCode.NOT_FOUND,
    `There is no ${described.map((d) => d.text).join(', no ')} in the chilly bin, so nothing was restocked. ` +
      'restock sets the levels of ingredients it has; addIngredient adds a new one.',
    {
      argument: 'levels',
      ingredient: unknown[0],
      ...(described[0]?.suggestion ? { suggestion: described[0].suggestion } : {}),
      unknown: described.map(({ name, suggestion }) => ({ name, suggestion: suggestion ?? null })),
    },
  );
}
