import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationLimitOptions, withLimitCode } from '../src/operationLimits.js';

const schema = buildSchema(`
  type Ingredient { name: String! quantity: Int! }
  type Toastie { id: ID! ingredients: [Ingredient!]! previous: Toastie }
  type Query { toasties: [Toastie!]! status: String }
`);
const limits = { maxDepth: 4, maxAliases: 3, maxTokens: 1000 };
const [rule] = operationLimitOptions(limits).validationRules;

function limitOf(query: string): string | undefined {
  const errors = validate(schema, parse(query), [rule!]);
  expect(errors.length).toBeLessThanOrEqual(1);
  return errors[0]?.extensions.limit as string | undefined;
}

function chain(levels: number): string {
  return `{ toasties { ${'previous { '.repeat(levels - 2)}id${' }'.repeat(levels - 2)} } }`;
}

describe('depth and alias limits', () => {
  const cases = [
    { name: 'a flat query', query: '{ status }', limit: undefined },
    {
      name: 'the toastie list with ingredients (depth 3)',
      query: '{ toasties { id ingredients { name quantity } } }',
      limit: undefined,
    },
    { name: 'exactly the maximum depth', query: chain(4), limit: undefined },
    { name: 'one level too deep', query: chain(5), limit: 'depth' },
    {
      name: 'depth hidden in a fragment',
      query: 'query { toasties { ...Deep } } fragment Deep on Toastie { previous { previous { previous { id } } } }',
      limit: 'depth',
    },
    {
      name: 'depth hidden in an inline fragment',
      query: '{ toasties { ... on Toastie { previous { previous { previous { id } } } } } }',
      limit: 'depth',
    },
    { name: 'the maximum number of aliases', query: '{ a: status b: status c: status }', limit: undefined },
    { name: 'one alias too many', query: '{ a: status b: status c: status d: status }', limit: 'aliases' },
    {
      name: 'aliases multiplied by spreading a fragment twice',
      query: '{ toasties { ...A } more: toasties { ...A } } fragment A on Toastie { x: id y: id }',
      limit: 'aliases',
    },
    {
      name: 'introspection is not counted towards depth',
      query: '{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }',
      limit: undefined,
    },
  ];

  it.each(cases)('$name → $limit', ({ query, limit }) => {
    expect(limitOf(query)).toBe(limit);
  });

  it('measures a fragment that spreads another many times over in linear time', () => {
    const fragments = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on Toastie { id ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const query = `{ toasties { ...F0 } }\n${fragments}\nfragment F40 on Toastie { a: id }`;
    // 2^40 spreads of one alias: measured by reusing each fragment's size, not by expanding it.
    expect(limitOf(query)).toBe('aliases');
  });
});

describe('the token limit', () => {
  it("turns the parser's token error into OPERATION_LIMIT_EXCEEDED", () => {
    const { parseOptions } = operationLimitOptions({ ...limits, maxTokens: 10 });
    let message = '';
    try {
      parse('{ status status status status status status status status status status }', parseOptions);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(withLimitCode({ message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })).toEqual({
      message: 'The operation has more than the 10 tokens allowed',
      extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'tokens', max: 10 },
    });
  });

  it('lets the standard introspection query (Apollo Sandbox) through the default limits', () => {
    const defaults = operationLimitOptions({ maxDepth: 8, maxAliases: 15, maxTokens: 1000 });
    const document = parse(
      getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }),
      defaults.parseOptions,
    );
    expect(validate(schema, document, defaults.validationRules)).toEqual([]);
  });
});
