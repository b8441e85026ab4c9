import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MongoNetworkError } from 'mongodb';
import { createErrorFormatter, domainError, ErrorCode } from '../errors.js';
import { isDatabaseOutage } from '../mongoErrors.js';

// What a client sees of each kind of error: its own code when it has a stable
// one, BAD_REQUEST for Apollo's codeless refusals, and no detail of a fault.

const logger = pino({ level: 'silent' });
const formatters = {
  /** As the subgraphs build it, with MongoDB's outages plugged in. */
  subgraph: createErrorFormatter(logger, { isDatabaseOutage }),
  /** As the gateway builds it: it has no database. */
  gateway: createErrorFormatter(logger),
};

/** As Apollo hands an error to formatError: its JSON, with a code (INTERNAL_SERVER_ERROR when it had none) and a stack. */
function formatted(error: GraphQLError): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.extensions;
  return {
    ...error.toJSON(),
    extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR', stacktrace: ['at somewhere.ts:1'] },
  };
}

const cases: {
  name: string;
  formatter?: keyof typeof formatters;
  error: GraphQLError;
  expected: GraphQLFormattedError;
}[] = [
  {
    name: 'a domain error keeps its code and loses the stack',
    error: domainError(ErrorCode.OUT_OF_STOCK, 'Not enough cheese', { ingredient: 'cheese' }),
    expected: { message: 'Not enough cheese', extensions: { code: 'OUT_OF_STOCK', ingredient: 'cheese' } },
  },
  {
    name: "Apollo's codeless refusal of a request (an unsupported persisted-query version)",
    error: new GraphQLError('Unsupported persisted query version', { extensions: { http: { status: 400 } } }),
    expected: { message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } },
  },
  {
    name: 'a fault in a resolver',
    error: new GraphQLError('Cannot read properties of undefined', {
      originalError: new TypeError('Cannot read properties of undefined'),
    }),
    expected: { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
  },
  {
    name: 'a codeless error that claims a 5xx',
    error: new GraphQLError('upstream broke', { extensions: { http: { status: 502 } } }),
    expected: { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
  },
  {
    name: 'a database connection reset mid-write',
    error: new GraphQLError('read ECONNRESET', {
      originalError: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    }),
    expected: {
      message: 'The database is not answering; try again shortly',
      extensions: { code: 'DATABASE_UNAVAILABLE' },
    },
  },
  {
    name: "the driver's network error, kept where it happened",
    error: new GraphQLError('connection 3 to 127.0.0.1:27017 closed', {
      path: ['stock'],
      originalError: new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed'),
    }),
    expected: {
      message: 'The database is not answering; try again shortly',
      path: ['stock'],
      extensions: { code: 'DATABASE_UNAVAILABLE' },
    },
  },
  {
    name: 'a connection reset at the gateway, which has no database: a fault',
    formatter: 'gateway',
    error: new GraphQLError('read ECONNRESET', {
      originalError: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    }),
    expected: { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
  },
];

describe('createErrorFormatter', () => {
  it.each(cases)('$name', ({ formatter = 'subgraph', error, expected }) => {
    expect(formatters[formatter](formatted(error), error)).toEqual(expected);
  });
});
