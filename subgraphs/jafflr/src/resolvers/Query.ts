import { ErrorCode, domainError } from '../../../../platform/errors.js';
import type { JafflrContext } from '../context.js';

export const MAX_TOASTIES_PAGE = 100;

export const Query = {
  status: (_: unknown, __: unknown, { grill }: JafflrContext) => (grill.isToasting ? 'TOASTING' : 'AVAILABLE'),

  toastie: (_: unknown, { id }: { id: string }, { toasties }: JafflrContext) => toasties.findById(id),

  toasties: (_: unknown, { last, limit }: { last?: number | null; limit?: number | null }, { toasties }: JafflrContext) => {
    // `limit` is the deprecated name of `last`; an explicit `limit` still wins over the default `last`.
    const count = limit ?? last ?? 20;
    const argument = limit != null ? 'limit' : 'last';
    if (!Number.isInteger(count) || count < 1 || count > MAX_TOASTIES_PAGE) {
      throw domainError(ErrorCode.BAD_USER_INPUT, `${argument} must be from 1 to ${MAX_TOASTIES_PAGE}, got ${count}`, {
        argument,
      });
    }
    return toasties.latest(count);
  },
};
