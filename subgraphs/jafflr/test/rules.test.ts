import { describe, expect, it } from 'vitest';
import { toastieIngredients } from '../src/toasties/rules.js';

function outcome(fillings: string[]): string[] | string | undefined {
  try {
    return toastieIngredients(fillings);
  } catch (err) {
    return (err as { extensions?: { rule?: string } }).extensions?.rule;
  }
}

describe('an order for a toastie', () => {
  const cases = [
    { name: 'cheese alone', fillings: ['cheese'], result: ['cheese', 'bread', 'bread'] },
    { name: 'cheese and vegemite', fillings: ['cheese', 'vegemite'], result: ['cheese', 'vegemite', 'bread', 'bread'] },
    { name: 'no fillings', fillings: [], result: 'AT_LEAST_ONE_INGREDIENT' },
    { name: 'eleven fillings', fillings: Array(11).fill('cheese'), result: 'AT_MOST_TEN_FILLINGS' },
    { name: 'no cheese', fillings: ['vegemite'], result: 'CHEESE_REQUIRED' },
    { name: 'an operator-shaped name', fillings: ['cheese', '{"$gt": ""}'], result: 'INGREDIENT_NAME' },
    { name: 'an upper-case name', fillings: ['Cheese'], result: 'INGREDIENT_NAME' },
    { name: 'a name too long', fillings: ['cheese', 'h'.repeat(41)], result: 'INGREDIENT_NAME' },
  ];

  it.each(cases)('$name', ({ fillings, result }) => {
    expect(outcome(fillings)).toEqual(result);
  });
});
