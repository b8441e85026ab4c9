import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { buildASTSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { operationLimitOptions } from '../src/operationLimits.js';

// The default limits must let through every operation the graph is really
// sent: the frontend's (web/operations), the kiosk flow, and Apollo Sandbox's
// introspection.

const root = new URL('../../', import.meta.url);
const schema = buildASTSchema(parse(readFileSync(new URL('supergraph.graphql', root), 'utf8')), {
  assumeValidSDL: true,
});
const { parseOptions, validationRules } = operationLimitOptions(loadConfig({}).limits);

const operationsDir = new URL('web/operations/', root);
const frontend = existsSync(operationsDir)
  ? readdirSync(operationsDir)
      .filter((file) => file.endsWith('.graphql'))
      .map((file) => ({ name: `web/operations/${file}`, source: readFileSync(new URL(file, operationsDir), 'utf8') }))
  : [];

const graph = [
  { name: 'stock', source: '{ stock { name quantity description } }' },
  {
    name: 'make a toastie, with each ingredient from chillybin',
    source: `mutation Make($ingredients: [String!]!, $doneness: Doneness) {
      makeToastie(input: { ingredients: $ingredients, doneness: $doneness }) {
        id doneness createdAt ingredients { name quantity description }
      }
    }`,
  },
  {
    name: 'latest toasties',
    source: '{ toasties(limit: 20) { id doneness createdAt ingredients { name quantity } } status }',
  },
  {
    name: 'restock',
    source: 'mutation R($levels: [StockLevelInput!]) { restock(levels: $levels) { name quantity description } }',
  },
  {
    name: 'Apollo Sandbox introspection',
    source: getIntrospectionQuery({
      descriptions: true,
      inputValueDeprecation: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
    }),
  },
];

describe('default operation limits', () => {
  it.each([...frontend, ...graph])('let $name through', ({ source }) => {
    expect(validate(schema, parse(source, parseOptions), validationRules)).toEqual([]);
  });
});
