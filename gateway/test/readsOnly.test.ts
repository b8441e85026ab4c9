import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readsOnly } from '../src/subgraphCall.js';

// The one check of "does this subgraph request only read", which decides both
// merging identical fetches and sending a fetch again after a lost connection.

const cases: { name: string; query: string; reads: boolean }[] = [
  { name: 'a named query', query: 'query Stock__chillybin__0{stock{name quantity}}', reads: true },
  { name: 'the query shorthand', query: '{ stock { name } }', reads: true },
  {
    name: 'an entities fetch',
    query: 'query($representations:[_Any!]!){_entities(representations:$representations){__typename}}',
    reads: true,
  },
  { name: 'a query after a comment', query: '# the board\nquery { status }', reads: true },
  { name: 'a fragment, then the query', query: 'fragment F on Query { status } query { ...F }', reads: true },
  { name: 'quotes and escapes inside the query', query: '{ stock(name: "che\\"ese \\\\") { name } }', reads: true },
  { name: 'a mutation', query: 'mutation { pick(name: "cheese") { quantity } }', reads: false },
  {
    name: 'a named mutation with variables',
    query: 'mutation Make__jafflr__0($i:MakeToastieInput!){makeToastie(input:$i){id}}',
    reads: false,
  },
  { name: 'a subscription', query: 'subscription S { x }', reads: false },
  { name: 'a query beside a mutation', query: 'query A { a } mutation B { b }', reads: false },
  { name: 'only a fragment', query: 'fragment F on Query { status }', reads: false },
];

describe('readsOnly', () => {
  it.each(cases)('$name → $reads', ({ query, reads }) => {
    expect(readsOnly(query)).toBe(reads);
    // The second answer comes from the cache, and is the same.
    expect(readsOnly(query)).toBe(reads);
    // The query plan's parsed document gives the same answer without parsing.
    expect(readsOnly('', parse(query))).toBe(reads);
  });

  it('counts a document that does not parse as a write', () => {
    expect(readsOnly('{ stock { name }')).toBe(false);
  });
});
