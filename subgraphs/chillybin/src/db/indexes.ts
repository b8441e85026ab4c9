import type { IndexDeclaration } from '../../../../platform/mongo.js';
import { ORDERS } from '../orders/OrderRepository.js';
import { INGREDIENTS } from '../stock/StockRepository.js';

/**
 * Every index chillybin's collections need. Add here; start-up creates what is
 * missing. An order's id is its `_id`, whose built-in unique index makes picks
 * and cancels with the same id race-safe, so it needs no declaration here; nor
 * do the order lists, read by `_id` alone. The retention sweep finds old
 * orders by `updatedAt`. (`orders_customer_createdAt` and `orders_createdAt`,
 * which served `orders` before the lists, are no longer declared: a database
 * that has them may drop them.)
 */
export const CHILLYBIN_INDEXES: IndexDeclaration[] = [
  { collection: INGREDIENTS, name: 'ingredients_name_unique', key: { name: 1 }, unique: true },
  { collection: ORDERS, name: 'orders_updatedAt', key: { updatedAt: 1 } },
];
