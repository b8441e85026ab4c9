import { ErrorCode, domainError } from '../../../../platform/errors.js';
import type { MakeToastieInput, MutationResolvers } from '../generated/graphql.js';
import { checkCustomer } from '../../../../platform/graphInputs.js';
import { checkIdempotencyKey } from '../toasties/rules.js';

/** `ingredients` is the deprecated name of `fillings`. */
function fillingsOf({ fillings, ingredients }: MakeToastieInput): string[] {
  if (fillings != null && ingredients != null) {
    throw domainError(ErrorCode.BAD_USER_INPUT, 'Give fillings or ingredients (its old name), not both', {
      argument: 'fillings',
    });
  }
  const given = fillings ?? ingredients;
  if (given == null) throw domainError(ErrorCode.BAD_USER_INPUT, 'A toastie needs fillings', { argument: 'fillings' });
  return given;
}

export const Mutation: MutationResolvers = {
  makeToastie: (_, { input }, { maker, requestId, logger, deadline }) => {
    const fillings = fillingsOf(input);
    if (input.customer != null) checkCustomer(input.customer);
    if (input.idempotencyKey != null) checkIdempotencyKey(input.idempotencyKey);
    return maker.make(
      {
        fillings,
        // An explicit null skips the schema's default; it has always meant the same as leaving doneness out.
        doneness: input.doneness ?? 'LIGHT',
        customer: input.customer ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
      },
      { requestId, logger, deadline },
    );
  },
};
