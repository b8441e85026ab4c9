import { ErrorCode, domainError } from '../../../../platform/errors.js';
import type { MakeToastieInput, MutationResolvers } from '../generated/graphql.js';
import { checkCustomer } from '../../../../platform/graphInputs.js';
import { checkFillings, checkIdempotencyKey } from '../toasties/rules.js';

/**
 * The fillings, checked here so that an error names the field the client
 * sent them in: `ingredients` is the deprecated name of `fillings`.
 */
function fillingsOf({ fillings, ingredients }: MakeToastieInput): string[] {
  if (fillings != null && ingredients != null) {
    throw domainError(ErrorCode.BAD_USER_INPUT, 'Give fillings or ingredients (its old name), not both', {
      argument: 'fillings',
    });
  }
  if (fillings != null) {
    checkFillings(fillings, 'fillings');
    return fillings;
  }
  if (ingredients != null) {
    checkFillings(ingredients, 'ingredients');
    return ingredients;
  }
  throw domainError(ErrorCode.BAD_USER_INPUT, 'A toastie needs fillings', { argument: 'fillings' });
}

export const Mutation: MutationResolvers = {
  makeToastie: (_, { input }, { maker, requestId, logger, deadline, callerGone }) => {
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
      { requestId, logger, deadline, callerGone },
    );
  },
};
