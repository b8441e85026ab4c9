import type { Toastie as ToastieRecord } from '../toasties/ToastieRepository.js';

export const Toastie = {
  /** References only: the gateway resolves the rest of each Ingredient from chillybin. */
  ingredients: ({ ingredients }: ToastieRecord) => ingredients.map((name) => ({ __typename: 'Ingredient', name })),
  createdAt: ({ createdAt }: ToastieRecord) => createdAt.toISOString(),
};
