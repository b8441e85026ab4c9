import type { OrderItemResolvers, OrderResolvers } from '../generated/graphql.js';

export const Order: OrderResolvers = {
  createdAt: ({ createdAt }) => createdAt.toISOString(),
};

export const OrderItem: OrderItemResolvers = {
  ingredient: ({ name }, _, { ingredientsByName }) => ingredientsByName.load(name),
};
