import type { QueryResolvers } from '../generated/graphql.js';
import { checkCustomer } from '../../../../platform/graphInputs.js';
import { checkOrdersLimit } from '../orders/rules.js';
import { checkIngredientName } from '../stock/rules.js';

export const Query: QueryResolvers = {
  stock: (_, __, { stock }) => stock.list(),
  ingredient: (_, { name }, { ingredientsByName }) => {
    checkIngredientName(name);
    return ingredientsByName.load(name);
  },
  orders: (_, { customer, limit }, { orders }) => {
    if (customer != null) checkCustomer(customer);
    // The schema's default fills in an omitted limit; an explicit null skips it and is refused here.
    checkOrdersLimit(limit);
    return orders.list({ customer, limit });
  },
};
