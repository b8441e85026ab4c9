import { describe, expect, it } from 'vitest';
import { checkFillings, countByName, MAX_FILLINGS, toastieIngredients } from '../src/toasties/rules.js';

function ruleBroken(fn: () => unknown): { code?: string; rule?: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    const { code, rule } = (err as { extensions?: { code?: string; rule?: string } }).extensions ?? {};
    return { code, rule };
  }
}

describe('toastieIngredients', () => {
  const cases: { name: string; fillings: string[]; ingredients?: string[]; rule?: string }[] = [
    { name: 'cheese alone', fillings: ['cheese'], ingredients: ['cheese', 'bread', 'bread'] },
    {
      name: 'cheese and vegemite',
      fillings: ['cheese', 'vegemite'],
      ingredients: ['cheese', 'vegemite', 'bread', 'bread'],
    },
    { name: 'cheese not first', fillings: ['ham', 'cheese'], ingredients: ['ham', 'cheese', 'bread', 'bread'] },
    { name: 'double cheese', fillings: ['cheese', 'cheese'], ingredients: ['cheese', 'cheese', 'bread', 'bread'] },
    {
      name: 'bread asked for as a filling',
      fillings: ['cheese', 'bread'],
      ingredients: ['cheese', 'bread', 'bread', 'bread'],
    },
    {
      name: 'the most fillings',
      fillings: ['cheese', ...Array<string>(MAX_FILLINGS - 1).fill('ham')],
      ingredients: ['cheese', ...Array<string>(MAX_FILLINGS - 1).fill('ham'), 'bread', 'bread'],
    },
    { name: 'nothing', fillings: [], rule: 'AT_LEAST_ONE_INGREDIENT' },
    { name: 'no cheese', fillings: ['vegemite'], rule: 'CHEESE_REQUIRED' },
    { name: 'Cheese with a capital', fillings: ['Cheese'], rule: 'INGREDIENT_NAME' },
    { name: 'an operator-shaped name', fillings: ['cheese', '{"$gt": ""}'], rule: 'INGREDIENT_NAME' },
    { name: 'a name too long', fillings: ['cheese', 'h'.repeat(41)], rule: 'INGREDIENT_NAME' },
    {
      name: 'one filling too many',
      fillings: ['cheese', ...Array<string>(MAX_FILLINGS).fill('ham')],
      rule: 'AT_MOST_TEN_FILLINGS',
    },
  ];

  it.each(cases)('$name', ({ fillings, ingredients, rule }) => {
    if (ingredients) expect(toastieIngredients(fillings)).toEqual(ingredients);
    else expect(ruleBroken(() => toastieIngredients(fillings))).toEqual({ code: 'BAD_USER_INPUT', rule });
  });
});

describe('checkFillings names the argument the client sent', () => {
  const broken: { rule: string; fillings: string[] }[] = [
    { rule: 'AT_LEAST_ONE_INGREDIENT', fillings: [] },
    { rule: 'AT_MOST_TEN_FILLINGS', fillings: ['cheese', ...Array<string>(MAX_FILLINGS).fill('ham')] },
    { rule: 'INGREDIENT_NAME', fillings: ['Cheese'] },
    { rule: 'CHEESE_REQUIRED', fillings: ['vegemite'] },
  ];
  const cases = broken.flatMap((c) => (['fillings', 'ingredients'] as const).map((argument) => ({ ...c, argument })));

  it.each(cases)('$rule, sent as $argument', ({ rule, fillings, argument }) => {
    let extensions: Record<string, unknown> | undefined;
    try {
      checkFillings(fillings, argument);
    } catch (err) {
      extensions = (err as { extensions?: Record<string, unknown> }).extensions;
    }
    expect(extensions).toEqual({ code: 'BAD_USER_INPUT', rule, argument });
  });
});

describe('countByName', () => {
  const cases: { name: string; ingredients: string[]; counts: [string, number][] }[] = [
    { name: 'nothing', ingredients: [], counts: [] },
    {
      name: 'one of each',
      ingredients: ['cheese', 'bread'],
      counts: [
        ['cheese', 1],
        ['bread', 1],
      ],
    },
    {
      name: 'a toastie',
      ingredients: ['cheese', 'vegemite', 'bread', 'bread'],
      counts: [
        ['cheese', 1],
        ['vegemite', 1],
        ['bread', 2],
      ],
    },
    {
      name: 'repeats apart, in first-asked order',
      ingredients: ['ham', 'cheese', 'ham', 'bread', 'ham'],
      counts: [
        ['ham', 3],
        ['cheese', 1],
        ['bread', 1],
      ],
    },
  ];

  it.each(cases)('$name', ({ ingredients, counts }) => {
    expect([...countByName(ingredients)]).toEqual(counts);
  });
});
