import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql } from 'graphql';
import { gql } from 'graphql-tag';
import { describe, expect, it } from 'vitest';
import { checkEntityRepresentations } from '../entityRepresentations.js';

// _entities representations that name no entity of the subgraph, or lack its
// key, are the caller's mistake: BAD_USER_INPUT, never a resolver's fault.

const typeDefs = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Ingredient @key(fields: "name") {
    name: String!
    quantity: Int!
  }
  type Query {
    stock: [Ingredient!]!
  }
`;

const schema = checkEntityRepresentations(
  buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Ingredient: {
        // As a DataLoader would: it throws on a missing key.
        __resolveReference: ({ name }: { name: string }) => {
          if (typeof name !== 'string') throw new TypeError('The loader.load() function must be called with a value');
          return { name, quantity: 3 };
        },
      },
    },
  }),
);

const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Ingredient { name quantity } } }';

const cases: { name: string; representations: unknown[]; expected: unknown }[] = [
  {
    name: 'a complete representation',
    representations: [{ __typename: 'Ingredient', name: 'cheese' }],
    expected: { _entities: [{ name: 'cheese', quantity: 3 }] },
  },
  {
    name: 'no __typename',
    representations: [{ name: 'cheese' }],
    expected: 'representations[0] has a __typename that is not an entity here: none',
  },
  {
    name: 'a type that is not an entity',
    representations: [{ __typename: 'Query' }],
    expected: 'representations[0] has a __typename that is not an entity here: "Query"',
  },
  {
    name: 'an unknown type',
    representations: [{ __typename: 'Nope', name: 'x' }],
    expected: 'representations[0] has a __typename that is not an entity here: "Nope"',
  },
  {
    name: 'no key',
    representations: [{ __typename: 'Ingredient', name: 'cheese' }, { __typename: 'Ingredient' }],
    expected: 'representations[1] carries no complete key of Ingredient',
  },
  {
    name: 'a key of the wrong type',
    representations: [{ __typename: 'Ingredient', name: 5 }],
    expected: 'representations[0] carries no complete key of Ingredient',
  },
  { name: 'not an object', representations: ['cheese'], expected: 'representations[0] is not an object' },
];

describe('checkEntityRepresentations', () => {
  it.each(cases)('$name', async ({ representations, expected }) => {
    const result = await graphql({ schema, source: ENTITIES, variableValues: { r: representations } });
    if (typeof expected !== 'string') expect(result).toEqual({ data: expected });
    else expect(result.errors?.map((e) => [e.extensions.code, e.message])).toEqual([['BAD_USER_INPUT', expected]]);
  });

  it('wraps a schema once, however many servers share it', () => {
    const resolve = schema.getQueryType()!.getFields()._entities!.resolve;
    checkEntityRepresentations(schema);
    expect(schema.getQueryType()!.getFields()._entities!.resolve).toBe(resolve);
  });
});
