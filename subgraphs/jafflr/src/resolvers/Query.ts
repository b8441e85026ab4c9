import { ErrorCode, domainError } from '../../../../platform/errors.js';
import type { JafflrContext } from '../context.js';

export const MAX_TOASTIES_PAGE = 100;

export const Query = {
  status: (_: unknown, __: unknown, { grill }: JafflrContext) => (grill.isToasting ? 'TOASTING' : 'AVAILABLE'),

  toastie: (_: unknown, { id }: { id: string }, { toasties }: JafflrContext) => toasties.findById(id),

  toasties: (_: unknown, { limit }: { limit: number }, { toasties }: JafflrContext) => {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TOASTIES_PAGE) {
      throw domainError(ErrorCode.BAD_USER_INPUT, `limit must be from 1 to ${MAX_TOASTIES_PAGE}, got ${limit}`, {
        argument: 'limit',
      });
    }
    return toasties.latest(limit);
  },
};
