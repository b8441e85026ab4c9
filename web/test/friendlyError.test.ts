import { describe, expect, it } from 'vitest';
import { friendlyError, type GraphQLErrorLike } from '../kiosk/friendlyError.js';

const cases: { name: string; error: GraphQLErrorLike | undefined; expected: string }[] = [
  {
    name: 'out of stock, named in extensions',
    error: {
      message: 'Not enough vegemite: wanted 1, 0 left',
      extensions: { code: 'OUT_OF_STOCK', ingredient: 'vegemite' },
    },
    expected: "Sorry, we're out of vegemite",
  },
  {
    name: 'out of stock, named only in the message',
    error: { message: 'Not enough bread: wanted 2, 1 left', extensions: { code: 'OUT_OF_STOCK' } },
    expected: "Sorry, we're out of bread",
  },
  {
    name: 'no cheese',
    error: {
      message: 'A toastie must include cheese',
      extensions: { code: 'BAD_USER_INPUT', rule: 'CHEESE_REQUIRED' },
    },
    expected: 'A toastie needs cheese',
  },
  {
    name: 'no cheese, without a rule',
    error: { message: 'A toastie must include cheese', extensions: { code: 'BAD_USER_INPUT' } },
    expected: 'A toastie needs cheese',
  },
  {
    name: 'no fillings',
    error: {
      message: 'A toastie needs at least one ingredient',
      extensions: { code: 'BAD_USER_INPUT', rule: 'AT_LEAST_ONE_INGREDIENT' },
    },
    expected: 'Pick at least one filling',
  },
  {
    name: 'an ingredient the stall never had',
    error: { message: 'There is no ham in the chilly bin', extensions: { code: 'NOT_FOUND', ingredient: 'ham' } },
    expected: "Sorry, we don't stock ham",
  },
  {
    name: 'the chilly bin down',
    error: {
      message: 'Could not pick cheese: the chilly bin is not answering',
      extensions: { code: 'CHILLYBIN_UNAVAILABLE' },
    },
    expected: "The chilly bin isn't answering. Please try again in a moment.",
  },
  {
    name: 'the toastie machine too busy to start one',
    error: {
      message: 'Too many toasties are under way to start this one in time; nothing was taken. Try again shortly.',
      extensions: { code: 'OVERLOADED' },
    },
    expected: 'The stall is busy right now. Press Make again: you will get one toastie, not two.',
  },
  {
    name: 'anything else, with no details leaked',
    error: { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    expected: 'Something went wrong at the stall. Please try again.',
  },
  { name: 'no error at all', error: undefined, expected: 'Something went wrong at the stall. Please try again.' },
];

describe('what the kiosk says for an error', () => {
  it.each(cases)('$name', ({ error, expected }) => {
    expect(friendlyError(error)).toBe(expected);
  });
});
