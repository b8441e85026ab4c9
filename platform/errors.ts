import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger.js';

/** Every `extensions.code` the graph returns. Clients may rely on these. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  CHILLYBIN_UNAVAILABLE = 'CHILLYBIN_UNAVAILABLE',
  /** An order id that was cancelled (or cancelled before it was ever used): it never picks again. */
  ORDER_CANCELLED = 'ORDER_CANCELLED',
  /** An idempotency key or order id reused for a different request, or its first use still in progress. */
  CONFLICT = 'CONFLICT',
  /** The gateway could not reach a subgraph (`extensions.serviceName` says which); worth retrying shortly. */
  SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE',
  /**
   * The work could not be finished within the time the caller allows (its
   * request timeout, or the service's own bound): nothing was taken, and
   * anything begun is undone. Worth retrying, with the same idempotency key.
   */
  DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED',
  /**
   * More of this work is under way than the service can finish in time, so it
   * was refused before it started: nothing was taken or written. Worth
   * retrying after a short wait, with the same idempotency key.
   */
  OVERLOADED = 'OVERLOADED',
  /** A service's database is not answering; worth retrying shortly. */
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  /** The operation is deeper, has more aliases or more tokens than the gateway allows; `extensions.limit` says which. */
  OPERATION_LIMIT_EXCEEDED = 'OPERATION_LIMIT_EXCEEDED',
  /** The request body is larger than MAX_BODY_BYTES (HTTP 413). */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',

  // Apollo Server's own codes for requests it refuses before running them, passed through as they are.
  /** Not a GraphQL-over-HTTP request: not JSON, no query, a parameter of the wrong type, a CSRF-unsafe request. */
  BAD_REQUEST = 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  /** The document has no operation to run: `operationName` names none of its operations, or several need a name. */
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
  /** Under PERSISTED_OPERATIONS=enforce, an operation in no client's persisted-operations manifest. */
  PERSISTED_QUERY_NOT_IN_LIST = 'PERSISTED_QUERY_NOT_IN_LIST',
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** Whether a code is one clients may rely on: one of `ErrorCode`. */
export function isStableCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && knownCodes.has(code);
}

export function domainError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export interface ErrorFormatterOptions {
  /**
   * Whether an error means the service's database cannot be reached, answered
   * as DATABASE_UNAVAILABLE rather than as a fault: the subgraphs plug in
   * MongoDB's (platform/mongoErrors.ts); the gateway has no database.
   */
  isDatabaseOutage?: (err: unknown) => boolean;
}

/**
 * Apollo Server `formatError`: domain and request errors go out as they are;
 * anything else is an infrastructure fault, logged in full and returned
 * without details so that no stack, driver message or host name leaks.
 */
export function createErrorFormatter(logger: Logger, { isDatabaseOutage = () => false }: ErrorFormatterOptions = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (isStableCode(code)) {
      if (code !== ErrorCode.INTERNAL_SERVER_ERROR) {
        const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
        return { ...formatted, extensions };
      }
    }
    if (refusesTheRequest(error)) {
      return { message: formatted.message, extensions: { code: ErrorCode.BAD_REQUEST } };
    }
    const cause = unwrap(error);
    if (isDatabaseOutage(cause)) {
      logger.warn({ err: cause, path: formatted.path }, 'database not answering');
      return withoutDetails(
        formatted,
        'The database is not answering; try again shortly',
        ErrorCode.DATABASE_UNAVAILABLE,
      );
    }
    logger.error({ err: cause, path: formatted.path }, 'unexpected error in resolver');
    return withoutDetails(formatted, 'Internal server error', ErrorCode.INTERNAL_SERVER_ERROR);
  };
}

/** Our message and code in place of the error's, keeping only where it happened. */
function withoutDetails(formatted: GraphQLFormattedError, message: string, code: ErrorCode): GraphQLFormattedError {
  return {
    message,
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code },
  };
}

/**
 * Apollo Server marks each error it raises for a bad request with a 4xx
 * `extensions.http` status, and a few of them (an unsupported persisted-query
 * version, a hash that does not match the query) with no code: those are the
 * client's mistakes, not faults of ours.
 */
function refusesTheRequest(error: unknown): boolean {
  const status =
    error instanceof GraphQLError ? (error.extensions.http as { status?: unknown } | undefined)?.status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function unwrap(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}

/** An error as recorded with the work it ended, so that a caller asking again later gets the same answer. */
export interface RecordedFailure {
  code: string;
  message: string;
  extensions: Record<string, unknown>;
}

/** Domain errors are recorded as they are; anything else as an internal error, with no details. */
export function failureOf(err: unknown): RecordedFailure {
  if (err instanceof GraphQLError && typeof err.extensions.code === 'string') {
    const { code, ...extensions } = err.extensions;
    return { code, message: err.message, extensions };
  }
  return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error', extensions: {} };
}

/** The error a recorded failure stands for. */
export function errorOf(failure: RecordedFailure | null | undefined): GraphQLError {
  const { code, message, extensions } = failure ?? failureOf(undefined);
  return domainError(code as ErrorCode, message, extensions);
}
