import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { knownOperationTypes } from '../knownOperationTypes.js';

// An operation of a type the schema has no root for fails validation, as the
// GraphQL spec's "Operation Type Existence" rule says.

const withMutations = buildSchema('type Query { status: String } type Mutation { pick: String }');
const queriesOnly = buildSchema('type Query { status: String }');

const cases = [
  { document: '{ status }', schema: queriesOnly, errors: [] },
  { document: 'mutation { pick }', schema: withMutations, errors: [] },
  {
    document: 'mutation { __typename }',
    schema: queriesOnly,
    errors: ['The mutation operation is not supported by the schema.'],
  },
  {
    document: 'subscription { __typename }',
    schema: withMutations,
    errors: ['The subscription operation is not supported by the schema.'],
  },
];

describe('knownOperationTypes', () => {
  it.each(cases)('$document', ({ document, schema, errors }) => {
    expect(validate(schema, parse(document), [knownOperationTypes]).map((e) => e.message)).toEqual(errors);
  });
});
