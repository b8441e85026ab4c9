import { ErrorCode, domainError } from '../../../../platform/errors.js';
import type { QueryResolvers } from '../generated/graphql.js';
import { MAX_TOASTIES_PAGE } from '../toasties/rules.js';

export const Query: QueryResolvers = {
  status: (_, __, { grill }) => (grill.isToasting ? 'TOASTING' : 'AVAILABLE'),

  toastie: (_, { id }, { toasties }) => toasties.findById(id),

  toasties: (_, { last, limit }, { latestToasties }) => {
    // `limit` is the deprecated name of `last`; an explicit `limit` still wins over the default `last`.
    // An explicit null `last` skips the schema's default and is refused below.
    const count = limit ?? last;
    const argument = limit != null ? 'limit' : 'last';
    if (!Number.isInteger(count) || count < 1 || count > MAX_TOASTIES_PAGE) {
      throw domainError(ErrorCode.BAD_USER_INPUT, `${argument} must be from 1 to ${MAX_TOASTIES_PAGE}, got ${count}`, {
        argument,
      });
    }
    return latestToasties.load(count);
  },
};
