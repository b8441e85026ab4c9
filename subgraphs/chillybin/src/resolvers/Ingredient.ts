import type { IngredientResolvers } from '../generated/graphql.js';

export const Ingredient: IngredientResolvers = {
  /** Federation entity lookup; DataLoader turns N references into one query. */
  __resolveReference: ({ name }, { ingredientsByName }) => ingredientsByName.load(name),
};
