import { ErrorCode } from './errors.js';

/**
 * GraphQL request errors, in the GraphQL spec's sense: the HTTP request was a
 * well-formed GraphQL request, but its document does not parse or validate
 * (the gateway's operation limits are validation rules), names no operation
 * to run, or its variables do not coerce (Apollo's 400 BAD_USER_INPUT).
 */
const requestErrorCodes = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.OPERATION_LIMIT_EXCEEDED,
  ErrorCode.OPERATION_RESOLUTION_FAILURE,
  ErrorCode.BAD_USER_INPUT,
]);

export interface AnsweredResponse {
  status: number;
  /** The media type Apollo chose for the response, from the client's Accept. */
  contentType: string | undefined;
  body: string;
}

/**
 * The HTTP status for a response, after the GraphQL-over-HTTP spec: a client
 * that asks for `application/json` by name gets 200 for request errors, since
 * it cannot tell a 4xx of ours from a proxy's; one that gets
 * `application/graphql-response+json` gets 400 for them. A client that names
 * neither (no Accept, or a wildcard) gets 400 too: the spec treats a missing
 * Accept as `application/graphql-response+json` since 2025, and the body stays
 * `application/json` only for clients older than that. Requests that are not
 * well-formed (no query, bad JSON, a CSRF-unsafe request) keep their 4xx always.
 */
export function statusFor(response: AnsweredResponse, accept: string | undefined): number {
  if (response.status !== 400 || !isMediaType(response.contentType, 'application/json') || !namesJson(accept)) {
    return response.status;
  }
  return onlyRequestErrors(response.body) ? 200 : response.status;
}

function isMediaType(contentType: string | undefined, type: string): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === type;
}

/** Whether Accept lists `application/json` itself, with a quality above zero. */
function namesJson(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type !== 'application/json') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function onlyRequestErrors(body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  const { data, errors } = (parsed ?? {}) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  return (
    data === undefined &&
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((error) => requestErrorCodes.has(String(error?.extensions?.code)))
  );
}
