import fc from 'fast-check';

// fast-check arbitraries for what a client can put in an HTTP request to a
// GraphQL endpoint: mostly near misses of a real request (a known operation
// with the wrong operationName, variables of the wrong type), and some of
// anything at all (any JSON, bytes that are not UTF-8, no body).

export interface FuzzRequest {
  method: string;
  /** '' or '?…', already encoded. */
  search: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** What one service offers, so that most requests get past parsing and validation. */
export interface GraphQLSurface {
  /** Operations it serves, some with variables, some with several operations in one document. */
  documents: string[];
  /** Headers a request to it carries: the subgraph secret (right, wrong or missing), or nothing. */
  headers: fc.Arbitrary<Record<string, string>>;
}

/** Text that fits in a header value: printable ASCII. */
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});

/** Values a resolver might be handed: the stall's own words, numbers at the edges of Int, and any JSON. */
const plausible: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'cheese',
    'bread',
    'vegemite',
    'ham',
    '',
    'LIGHT',
    'BURNT',
    'alice',
    'x'.repeat(70),
    '$gt',
    '__proto__',
  ),
  fc.constantFrom(0, -1, 1, 2 ** 31, -(2 ** 31) - 1, 1.5, 1e308, Number.MAX_SAFE_INTEGER),
  fc.jsonValue({ maxDepth: 3 }),
);

const inputObject = fc.record(
  {
    fillings: fc.array(plausible, { maxLength: 4 }),
    ingredients: fc.array(plausible, { maxLength: 4 }),
    doneness: plausible,
    customer: plausible,
    idempotencyKey: plausible,
    items: fc.array(fc.record({ name: plausible, quantity: plausible }, { requiredKeys: [] }), { maxLength: 3 }),
    orderId: plausible,
  },
  { requiredKeys: [] },
);

const representations = fc.array(
  fc.record(
    { __typename: fc.oneof(fc.constantFrom('Ingredient', 'Toastie', 'Query'), plausible), name: plausible },
    { requiredKeys: [] },
  ),
  { maxLength: 4 },
);

const variableValue = fc.oneof(plausible, inputObject, representations, fc.array(plausible, { maxLength: 4 }));

/** Maps from the variable names the known documents use. */
const variableMap = fc.dictionary(
  fc.constantFrom('n', 'q', 'i', 'id', 'r', 'input', 'last', 'limit', 'customer'),
  variableValue,
  { maxKeys: 3 },
);

/** Variables of every JSON type. */
const variables = fc.oneof(
  { weight: 4, arbitrary: variableMap },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Documents that are almost GraphQL: tokens of the language in any order. */
const tokens = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '!',
  '$n',
  '...',
  'query',
  'mutation',
  'subscription',
  'fragment F on Query',
  'on',
  'status',
  'stock',
  'name',
  '@include(if: true)',
  '"s"',
  '1',
  '__typename',
  'A',
  'B',
  ',',
];
const almostGraphQL = fc.array(fc.constantFrom(...tokens), { maxLength: 20 }).map((parts) => parts.join(' '));

function queryValue(surface: GraphQLSurface) {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...surface.documents) },
    { weight: 2, arbitrary: almostGraphQL },
    { weight: 1, arbitrary: fc.string() },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
}

/** operationName of every JSON type, and the names that are or are not in the documents. */
const operationName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('A', 'B', 'C', 'Stock', 'Make', 'Entities', '') },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string() },
);

const extensions = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.record({
    persistedQuery: fc.record(
      { version: plausible, sha256Hash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), plausible) },
      { requiredKeys: [] },
    ),
  }),
);

/** Any GraphQL-request-shaped object: every field optional, each of any type. */
function graphqlRequest(surface: GraphQLSurface) {
  return fc.record({ query: queryValue(surface), operationName, variables, extensions }, { requiredKeys: [] });
}

/** A request shaped as the spec says, mostly with a known document, so that most reach validation and execution. */
function nearlyValidRequest(surface: GraphQLSurface) {
  return fc.record(
    {
      query: fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...surface.documents) },
        { weight: 1, arbitrary: queryValue(surface) },
      ),
      operationName: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('A', 'B', 'C', 'Stock', 'Make', 'Entities') },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: operationName },
      ),
      variables: fc.oneof({ weight: 5, arbitrary: variableMap }, { weight: 1, arbitrary: variables }),
      extensions: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extensions }),
    },
    { requiredKeys: ['query'] },
  );
}

function body(surface: GraphQLSurface): fc.Arbitrary<string | Uint8Array | undefined> {
  return fc.oneof(
    { weight: 8, arbitrary: graphqlRequest(surface).map((request) => JSON.stringify(request)) },
    { weight: 1, arbitrary: fc.array(graphqlRequest(surface), { maxLength: 3 }).map((batch) => JSON.stringify(batch)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: graphqlRequest(surface).chain((request) =>
        fc.nat().map((cut) => JSON.stringify(request).slice(0, cut % 40)),
      ),
    },
    { weight: 1, arbitrary: fc.string() },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom('', undefined) },
  );
}

/** A GraphQL request as GET parameters: strings as they are, the rest JSON-encoded. */
function asSearch(request: Record<string, unknown>): string {
  const pairs = Object.entries(request)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
  return pairs.length ? `?${new URLSearchParams(pairs)}` : '';
}

/** A query string: GraphQL parameters (JSON-encoded where the spec says so), repeated, unknown, or junk. */
function search(surface: GraphQLSurface): fc.Arbitrary<string> {
  const parameter = fc.oneof(
    fc.tuple(
      fc.constant('query'),
      queryValue(surface).map((q) => (typeof q === 'string' ? q : JSON.stringify(q))),
    ),
    fc.tuple(
      fc.constant('operationName'),
      operationName.map((n) => (typeof n === 'string' ? n : JSON.stringify(n))),
    ),
    fc.tuple(
      fc.constant('variables'),
      fc.oneof(
        variables.map((v) => JSON.stringify(v)),
        fc.string(),
      ),
    ),
    fc.tuple(
      fc.constant('extensions'),
      fc.oneof(
        extensions.map((e) => JSON.stringify(e)),
        fc.string(),
      ),
    ),
    fc.tuple(printable, printable),
  );
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .array(parameter, { maxLength: 5 })
        .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs)}` : '')),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('?', '?query', '?query=%E0%A4%A', '?query=%zz', '?&&=&', '?variables=%7B'),
    },
  );
}

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'application/graphql-response+json',
    'APPLICATION/JSON',
    'application/graphql',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    '',
  ),
  printable,
);

const accept = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/graphql-response+json',
    'application/graphql-response+json, application/json;q=0.9',
    'application/json; q=0',
    '*/*',
    'text/html',
    'multipart/mixed',
    'multipart/mixed; deferSpec=20220824',
    'image/png',
    '',
  ),
  printable,
);

/** Headers of every kind, each there or not. */
const anyHeaders = fc.record(
  {
    'content-type': contentType,
    accept,
    // Gets a GET past Apollo's CSRF prevention, as a real client's would.
    'apollo-require-preflight': fc.constant('true'),
    'x-apollo-operation-name': printable,
    'x-request-id': printable,
    authorization: fc.oneof(fc.constantFrom('Bearer ', 'Bearer x', 'Basic abc'), printable),
  },
  { requiredKeys: [] },
);

/** What a client of the spec sends: JSON in, a GraphQL media type (or anything) out. */
const clientHeaders = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8'),
    accept: fc.constantFrom(
      'application/json',
      'application/graphql-response+json',
      'application/graphql-response+json, application/json;q=0.9',
      '*/*',
    ),
  },
  { requiredKeys: ['content-type'] },
);

const otherMethod = fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND');

/** A well-formed POST: everything is in the GraphQL request itself. */
function post(surface: GraphQLSurface): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(clientHeaders, surface.headers, nearlyValidRequest(surface)).map(([client, service, request]) => ({
    method: 'POST',
    search: '',
    headers: { ...client, ...service },
    body: JSON.stringify(request),
  }));
}

/** A well-formed GET: the GraphQL request in the query string. */
function get(surface: GraphQLSurface): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(clientHeaders, surface.headers, fc.oneof(nearlyValidRequest(surface).map(asSearch), search(surface)))
    .map(([{ accept: accepted }, service, query]) => ({
      method: 'GET',
      search: query,
      headers: { 'apollo-require-preflight': 'true', ...(accepted ? { accept: accepted } : {}), ...service },
    }));
}

/** Any method, any headers, any body, any query string. */
function anything(surface: GraphQLSurface): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: fc.oneof(fc.constantFrom('POST', 'GET'), otherMethod),
      search: search(surface),
      headers: fc.tuple(anyHeaders, surface.headers).map(([any, service]) => ({ ...any, ...service })),
      body: body(surface),
    })
    .map(({ body: sent, ...request }) =>
      // A HEAD request's body would be read as the start of the next request on the connection.
      request.method === 'HEAD' || sent === undefined ? request : { ...request, body: sent },
    );
}

export function httpRequests(surface: GraphQLSurface): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 5, arbitrary: post(surface) },
    { weight: 2, arbitrary: get(surface) },
    { weight: 3, arbitrary: anything(surface) },
  );
}
