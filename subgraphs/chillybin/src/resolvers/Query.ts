import type { ChillybinContext } from '../context.js';
import { checkCustomer } from '../../../../platform/graphInputs.js';
import { checkOrdersLimit } from '../orders/rules.js';
import { checkIngredientName } from '../stock/rules.js';

export const Query = {
  stock: (_: unknown, __: unknown, { stock }: ChillybinContext) => stock.list(),
  ingredient: (_: unknown, { name }: { name: string }, { ingredientsByName }: ChillybinContext) => {
    checkIngredientName(name);
    return ingredientsByName.load(name);
  },
  orders: (_: unknown, { customer, limit }: { customer?: string | null; limit?: number | null }, { orders }: ChillybinContext) => {
    if (customer != null) checkCustomer(customer);
    checkOrdersLimit(limit ?? 20);
    return orders.list({ customer, limit: limit ?? 20 });
  },
};
