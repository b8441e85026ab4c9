import { ErrorCode, domainError } from '../../../../platform/errors.js';
import { MAX_QUANTITY, checkIngredientName, checkQuantity } from '../stock/rules.js';
import type { OrderItem } from './OrderRepository.js';

/** Lines in one order: a toastie needs a handful, so anything near this is a mistake. */
export const MAX_ORDER_ITEMS = 50;
export const MAX_ORDERS_PAGE = 100;

const orderIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Client-chosen ids end up as `_id` and in logs: short, and nothing that could be an operator. */
export function checkOrderId(id: string, argument = 'orderId'): void {
  if (!orderIdPattern.test(id)) {
    throw domainError(ErrorCode.BAD_USER_INPUT, 'An order id is 1 to 64 letters, digits, _ or -', { argument });
  }
}

export function checkOrdersLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ORDERS_PAGE) {
    throw domainError(ErrorCode.BAD_USER_INPUT, `limit must be from 1 to ${MAX_ORDERS_PAGE}, got ${limit}`, {
      argument: 'limit',
    });
  }
}

/**
 * Checks an order's items and folds repeated names into one line, in the
 * order first asked for, so each ingredient is taken in one conditional update.
 */
export function orderItems(items: readonly OrderItem[]): OrderItem[] {
  if (items.length === 0 || items.length > MAX_ORDER_ITEMS) {
    throw domainError(ErrorCode.BAD_USER_INPUT, `An order has 1 to ${MAX_ORDER_ITEMS} items, got ${items.length}`, {
      argument: 'items',
    });
  }
  const lines = new Map<string, number>();
  for (const { name, quantity } of items) {
    checkIngredientName(name);
    checkQuantity(quantity);
    lines.set(name, (lines.get(name) ?? 0) + quantity);
  }
  const merged = [...lines].map(([name, quantity]) => ({ name, quantity }));
  for (const { quantity } of merged) {
    if (quantity > MAX_QUANTITY) checkQuantity(quantity);
  }
  return merged;
}

/** Whether a repeated pick with the same order id asks for the same thing. */
export function sameOrder(
  a: { customer: string | null; items: OrderItem[] },
  b: { customer: string | null; items: OrderItem[] },
) {
  return (
    a.customer === b.customer &&
    JSON.stringify(a.items.map(({ name, quantity }) => [name, quantity])) ===
      JSON.stringify(b.items.map(({ name, quantity }) => [name, quantity]))
  );
}
