import { describe, expect, it } from 'vitest';
import { isQueryRequest } from '../src/isQueryRequest.js';

// The one check of "does this subgraph request only read", which decides both
// merging identical fetches and sending a fetch again after a lost connection.

const request = (query: unknown, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

const cases: { name: string; body: unknown; query: boolean }[] = [
  { name: 'a named query', body: request('query Stock__chillybin__0{stock{name quantity}}'), query: true },
  { name: 'the query shorthand', body: request('{ stock { name } }'), query: true },
  {
    name: 'an entities fetch',
    body: request('query($representations:[_Any!]!){_entities(representations:$representations){__typename}}', {
      representations: [],
    }),
    query: true,
  },
  { name: 'a query after white space', body: request('  query Q{a}'), query: true },
  { name: 'a query after a new line', body: request('\n  query { status }'), query: true },
  { name: 'a query after a comment', body: request('# the board\nquery { status }'), query: true },
  { name: 'a fragment, then the query', body: request('fragment F on Query { status } query { ...F }'), query: true },
  {
    name: 'quotes and escapes inside the query',
    body: request('{ stock(name: "che\\"ese \\\\") { name } }'),
    query: true,
  },
  {
    name: 'the query after the variables',
    body: JSON.stringify({ variables: {}, query: '{ stock { name } }' }),
    query: true,
  },
  { name: 'a word that starts with query', body: request('queryish'), query: false },
  { name: 'a mutation', body: request('mutation { pick(name: "cheese") { quantity } }'), query: false },
  {
    name: 'a named mutation with variables',
    body: request('mutation Make__jafflr__0($i:MakeToastieInput!){makeToastie(input:$i){id}}'),
    query: false,
  },
  { name: 'a mutation after white space', body: request('  mutation { pick }'), query: false },
  { name: 'a subscription', body: request('subscription S { x }'), query: false },
  { name: 'a query beside a mutation', body: request('query A { a } mutation B { b }'), query: false },
  { name: 'only a fragment', body: request('fragment F on Query { status }'), query: false },
  { name: 'a document that does not parse', body: request('{ stock { name }'), query: false },
  { name: 'no query', body: JSON.stringify({ variables: {} }), query: false },
  { name: 'a query that is not a string', body: JSON.stringify({ query: 42 }), query: false },
  { name: 'not JSON', body: 'not json', query: false },
  { name: 'no body', body: undefined, query: false },
];

describe('isQueryRequest', () => {
  it.each(cases)('$name → $query', ({ body, query }) => {
    expect(isQueryRequest(body)).toBe(query);
    // The second answer comes from the cache, and is the same.
    expect(isQueryRequest(body)).toBe(query);
  });
});
