import type { ToastieResolvers } from '../generated/graphql.js';

export const Toastie: ToastieResolvers = {
  /** References only: the gateway resolves the rest of each Ingredient from chillybin. */
  ingredients: ({ ingredients }) => ingredients.map((name) => ({ __typename: 'Ingredient', name })),
  createdAt: ({ createdAt }) => createdAt.toISOString(),
};
