import { ErrorCode, domainError } from '../../../../platform/errors.js';
import type { JafflrContext } from '../context.js';
import { checkCustomer } from '../../../../platform/graphInputs.js';
import { checkIdempotencyKey, type Doneness } from '../toasties/rules.js';

interface MakeToastieArgs {
  input: {
    fillings?: string[] | null;
    /** Deprecated in the schema: the old name of `fillings`. */
    ingredients?: string[] | null;
    doneness?: Doneness | null;
    customer?: string | null;
    idempotencyKey?: string | null;
  };
}

function fillingsOf({ fillings, ingredients }: MakeToastieArgs['input']): string[] {
  if (fillings != null && ingredients != null) {
    throw domainError(ErrorCode.BAD_USER_INPUT, 'Give fillings or ingredients (its old name), not both', {
      argument: 'fillings',
    });
  }
  const given = fillings ?? ingredients;
  if (given == null) throw domainError(ErrorCode.BAD_USER_INPUT, 'A toastie needs fillings', { argument: 'fillings' });
  return given;
}

export const Mutation = {
  makeToastie: (_: unknown, { input }: MakeToastieArgs, { maker, requestId, logger, deadline }: JafflrContext) => {
    const fillings = fillingsOf(input);
    if (input.customer != null) checkCustomer(input.customer);
    if (input.idempotencyKey != null) checkIdempotencyKey(input.idempotencyKey);
    return maker.make({
      fillings,
      doneness: input.doneness ?? 'LIGHT',
      customer: input.customer ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    }, { requestId, logger, deadline });
  },
};
