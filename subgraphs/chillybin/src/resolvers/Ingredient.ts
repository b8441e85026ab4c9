import type { ChillybinContext } from '../context.js';

export const Ingredient = {
  /** Federation entity lookup; DataLoader turns N references into one query. */
  __resolveReference: ({ name }: { name: string }, { ingredientsByName }: ChillybinContext) =>
    ingredientsByName.load(name),
};
