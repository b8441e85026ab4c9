import type { JafflrContext } from '../context.js';
import type { Doneness } from '../toasties/rules.js';

interface MakeToastieArgs {
  input: { ingredients: string[]; doneness?: Doneness | null };
}

export const Mutation = {
  makeToastie: (_: unknown, { input }: MakeToastieArgs, { maker, requestId, logger }: JafflrContext) =>
    maker.make({ ingredients: input.ingredients, doneness: input.doneness ?? 'LIGHT' }, { requestId, logger }),
};
