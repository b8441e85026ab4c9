import type { ChillybinContext } from '../context.js';
import type { Order as OrderRecord, OrderItem as OrderItemRecord } from '../orders/OrderRepository.js';

export const Order = {
  createdAt: ({ createdAt }: OrderRecord) => createdAt.toISOString(),
};

export const OrderItem = {
  ingredient: ({ name }: OrderItemRecord, _: unknown, { ingredientsByName }: ChillybinContext) =>
    ingredientsByName.load(name),
};
