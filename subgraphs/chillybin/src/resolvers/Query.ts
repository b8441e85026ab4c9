import type { ChillybinContext } from '../context.js';
import { checkIngredientName } from '../stock/rules.js';

export const Query = {
  stock: (_: unknown, __: unknown, { stock }: ChillybinContext) => stock.list(),
  ingredient: (_: unknown, { name }: { name: string }, { ingredientsByName }: ChillybinContext) => {
    checkIngredientName(name);
    return ingredientsByName.load(name);
  },
};
