import type { ChillybinContext } from '../context.js';

export const Query = {
  stock: (_: unknown, __: unknown, { stock }: ChillybinContext) => stock.list(),
  ingredient: (_: unknown, { name }: { name: string }, { ingredientsByName }: ChillybinContext) =>
    ingredientsByName.load(name),
};
