import { describe, expect, it } from 'vitest';
import {
  checkDescription,
  checkIngredientName,
  checkLevel,
  checkQuantity,
  MAX_QUANTITY,
  nearestName,
} from '../src/stock/rules.js';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code;
  }
}

describe('chillybin input rules', () => {
  const cases: { name: string; check: () => void; code: string | undefined }[] = [
    { name: 'a plain name', check: () => checkIngredientName('cheese'), code: undefined },
    { name: 'a name with a space and hyphen', check: () => checkIngredientName('sour-dough bread'), code: undefined },
    { name: 'an empty name', check: () => checkIngredientName(''), code: 'BAD_USER_INPUT' },
    { name: 'an upper-case name', check: () => checkIngredientName('Cheese'), code: 'BAD_USER_INPUT' },
    { name: 'an operator-shaped name', check: () => checkIngredientName('{"$gt": ""}'), code: 'BAD_USER_INPUT' },
    { name: 'a name too long', check: () => checkIngredientName('a'.repeat(41)), code: 'BAD_USER_INPUT' },
    { name: 'quantity 1', check: () => checkQuantity(1), code: undefined },
    { name: 'the largest quantity', check: () => checkQuantity(MAX_QUANTITY), code: undefined },
    { name: 'quantity 0', check: () => checkQuantity(0), code: 'BAD_USER_INPUT' },
    { name: 'a negative quantity', check: () => checkQuantity(-3), code: 'BAD_USER_INPUT' },
    { name: 'a fractional quantity', check: () => checkQuantity(1.5), code: 'BAD_USER_INPUT' },
    { name: 'an absurd quantity', check: () => checkQuantity(MAX_QUANTITY + 1), code: 'BAD_USER_INPUT' },
    { name: 'level 0 (an empty shelf)', check: () => checkLevel(0), code: undefined },
    { name: 'a negative level', check: () => checkLevel(-1), code: 'BAD_USER_INPUT' },
    { name: 'a plain description', check: () => checkDescription('A slice of tasty cheddar'), code: undefined },
    { name: 'a description on two lines', check: () => checkDescription('line one\nline two'), code: 'BAD_USER_INPUT' },
    { name: 'a description too long', check: () => checkDescription('x'.repeat(201)), code: 'BAD_USER_INPUT' },
  ];

  it.each(cases)('$name → $code', ({ check, code }) => {
    expect(codeOf(check)).toBe(code);
  });
});

describe('nearestName', () => {
  const known = ['bread', 'cheese', 'vegemite', 'sour-dough bread'];
  const cases: { name: string; nearest: string | undefined }[] = [
    { name: 'chese', nearest: 'cheese' },
    { name: 'cheeses', nearest: 'cheese' },
    { name: 'chesee', nearest: 'cheese' },
    { name: 'vegimite', nearest: 'vegemite' },
    { name: 'brad', nearest: 'bread' },
    { name: 'sourdough bread', nearest: 'sour-dough bread' },
    { name: 'ham', nearest: undefined },
    { name: 'tomato', nearest: undefined },
    { name: 'chs', nearest: undefined },
  ];

  it.each(cases)('$name → $nearest', ({ name, nearest }) => {
    expect(nearestName(name, known)).toBe(nearest);
  });
});
