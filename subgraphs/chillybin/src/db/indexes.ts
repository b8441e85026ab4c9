import type { IndexDeclaration } from '../../../../platform/mongo.js';
import { ORDERS } from '../orders/OrderRepository.js';
import { INGREDIENTS } from '../stock/StockRepository.js';

/**
 * Every index chillybin's collections need. Add here; start-up creates what is
 * missing. An order's id is its `_id`, whose built-in unique index makes picks
 * and cancels with the same id race-safe, so it needs no declaration here; nor
 * do the order lists, read by `_id` alone. The createdAt indexes serve pages of
 * `orders` longer than the lists; the retention sweep finds old orders by `updatedAt`.
 */
export const CHILLYBIN_INDEXES: IndexDeclaration[] = [
  { collection: INGREDIENTS, name: 'ingredients_name_unique', key: { name: 1 }, unique: true },
  { collection: ORDERS, name: 'orders_customer_createdAt', key: { customer: 1, createdAt: -1 } },
  { collection: ORDERS, name: 'orders_createdAt', key: { createdAt: -1 } },
  { collection: ORDERS, name: 'orders_updatedAt', key: { updatedAt: 1 } },
];
