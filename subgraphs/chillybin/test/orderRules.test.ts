import { describe, expect, it } from 'vitest';
import { checkCustomer } from '../../../platform/graphInputs.js';
import { checkOrderId, MAX_ORDER_ITEMS, orderItems } from '../src/orders/rules.js';

function outcome(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code;
  }
}

describe('order rules', () => {
  const cases: { name: string; check: () => unknown; expected: unknown }[] = [
    {
      name: 'items in the order asked',
      check: () =>
        orderItems([
          { name: 'cheese', quantity: 1 },
          { name: 'bread', quantity: 2 },
        ]),
      expected: [
        { name: 'cheese', quantity: 1 },
        { name: 'bread', quantity: 2 },
      ],
    },
    {
      name: 'a repeated name folded into its first line',
      check: () =>
        orderItems([
          { name: 'bread', quantity: 1 },
          { name: 'cheese', quantity: 1 },
          { name: 'bread', quantity: 1 },
        ]),
      expected: [
        { name: 'bread', quantity: 2 },
        { name: 'cheese', quantity: 1 },
      ],
    },
    { name: 'no items', check: () => orderItems([]), expected: 'BAD_USER_INPUT' },
    {
      name: 'too many items',
      check: () => orderItems(Array.from({ length: MAX_ORDER_ITEMS + 1 }, () => ({ name: 'bread', quantity: 1 }))),
      expected: 'BAD_USER_INPUT',
    },
    { name: 'a zero quantity', check: () => orderItems([{ name: 'cheese', quantity: 0 }]), expected: 'BAD_USER_INPUT' },
    {
      name: 'folded lines beyond the largest quantity',
      check: () =>
        orderItems([
          { name: 'cheese', quantity: 6000 },
          { name: 'cheese', quantity: 6000 },
        ]),
      expected: 'BAD_USER_INPUT',
    },
    {
      name: 'a bad ingredient name',
      check: () => orderItems([{ name: 'Cheese', quantity: 1 }]),
      expected: 'BAD_USER_INPUT',
    },
    { name: 'a plain order id', check: () => checkOrderId('toastie-65f0c0ffee'), expected: undefined },
    { name: 'an empty order id', check: () => checkOrderId(''), expected: 'BAD_USER_INPUT' },
    { name: 'an order id with a dollar', check: () => checkOrderId('$where'), expected: 'BAD_USER_INPUT' },
    { name: 'an order id too long', check: () => checkOrderId('x'.repeat(65)), expected: 'BAD_USER_INPUT' },
    { name: 'an email-like customer', check: () => checkCustomer('alice@example.com'), expected: undefined },
    { name: 'a customer with a space', check: () => checkCustomer('alice smith'), expected: 'BAD_USER_INPUT' },
  ];

  it.each(cases)('$name', ({ check, expected }) => {
    expect(outcome(check)).toEqual(expected);
  });
});
