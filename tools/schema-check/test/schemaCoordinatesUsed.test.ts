import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schemaCoordinatesUsed } from '../schemaCoordinatesUsed.js';

const schema = buildSchema(/* GraphQL */ `
  type Query {
    stock(shelf: String, sort: Sort @deprecated(reason: "Always by name.")): [Ingredient!]!
    oldStock: [Ingredient!]! @deprecated(reason: "Use stock.")
  }
  type Ingredient {
    name: String!
  }
  enum Sort {
    NAME
    OLDEST @deprecated(reason: "Unused.")
  }
  input Level {
    name: String!
    shelf: String @deprecated(reason: "One shelf now.")
  }
  type Mutation {
    restock(levels: [Level!]): [Ingredient!]!
  }
`);

describe('schema coordinates an operation uses', () => {
  const cases = [
    { operation: '{ stock { name } }', uses: ['Query.stock', 'Ingredient.name'] },
    { operation: '{ oldStock { name } }', uses: ['Query.oldStock (deprecated)', 'Ingredient.name'] },
    { operation: '{ stock(shelf: "top") { __typename } }', uses: ['Query.stock', 'Query.stock(shelf:)'] },
    {
      operation: '{ stock(sort: OLDEST) { name } }',
      uses: ['Query.stock', 'Query.stock(sort:) (deprecated)', 'Sort.OLDEST (deprecated)', 'Ingredient.name'],
    },
    {
      operation: 'query($sort: Sort = OLDEST) { stock(sort: $sort) { name } }',
      uses: ['Sort.OLDEST (deprecated)', 'Query.stock', 'Query.stock(sort:) (deprecated)', 'Ingredient.name'],
    },
    {
      operation: 'mutation { restock(levels: [{ name: "cheese", shelf: "top" }]) { name } }',
      uses: [
        'Mutation.restock',
        'Mutation.restock(levels:)',
        'Level.name',
        'Level.shelf (deprecated)',
        'Ingredient.name',
      ],
    },
    { operation: '{ stock { name @include(if: true) } }', uses: ['Query.stock', 'Ingredient.name'] },
    { operation: '{ nope { name } }', uses: [] },
  ];

  it.each(cases)('$operation', ({ operation, uses }) => {
    const found = schemaCoordinatesUsed(schema, parse(operation)).map(
      (u) => `${u.coordinate}${u.deprecationReason ? ' (deprecated)' : ''}`,
    );
    expect(found).toEqual(uses);
  });
});
