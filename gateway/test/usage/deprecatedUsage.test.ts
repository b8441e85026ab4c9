import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { planUsage, usesOf, type DeprecatedUse } from '../../src/usage/deprecatedUsage.js';

const schema = buildSchema(/* GraphQL */ `
  enum Doneness {
    LIGHT
    MEDIUM
    CHARCOAL @deprecated(reason: "Nobody wants it")
  }
  input OrderInput {
    fillings: [String!]!
    doneness: Doneness
    toasted: Boolean @deprecated(reason: "Always toasted")
    extras: [ExtraInput!]
  }
  input ExtraInput {
    name: String!
    sauce: String @deprecated(reason: "No sauce")
  }
  type Ingredient {
    name: String!
    qty: Int @deprecated(reason: "Use quantity")
    quantity: Int!
  }
  type Query {
    stock(all: Boolean @deprecated(reason: "Always all"), limit: Int): [Ingredient!]!
    status: String!
    oldStatus: String @deprecated
  }
  type Mutation {
    pick(name: String!): Ingredient! @deprecated(reason: "Use makeToastie")
    order(input: OrderInput!): Ingredient!
    cook(doneness: Doneness!, times: [Doneness!]): Ingredient!
  }
`);

function usesIn(query: string, variables?: Record<string, unknown>): DeprecatedUse[] {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return usesOf(planUsage(schema, document, operation), variables).sort((a, b) =>
    a.coordinate.localeCompare(b.coordinate),
  );
}

const field = (coordinate: string) => ({ coordinate, kind: 'FIELD' });
const argument = (coordinate: string) => ({ coordinate, kind: 'ARGUMENT' });
const enumValue = (coordinate: string) => ({ coordinate, kind: 'ENUM_VALUE' });
const inputField = (coordinate: string) => ({ coordinate, kind: 'INPUT_FIELD' });

const cases: { name: string; query: string; variables?: Record<string, unknown>; expected: object[] }[] = [
  { name: 'nothing deprecated', query: '{ status stock(limit: 2) { name quantity } }', expected: [] },
  { name: 'a deprecated field', query: '{ stock { qty } }', expected: [field('Ingredient.qty')] },
  { name: 'a deprecated field without a reason', query: '{ oldStatus }', expected: [field('Query.oldStatus')] },
  {
    name: 'a deprecated root field',
    query: 'mutation { pick(name: "cheese") { name } }',
    expected: [field('Mutation.pick')],
  },
  { name: 'a deprecated argument', query: '{ stock(all: true) { name } }', expected: [argument('Query.stock(all:)')] },
  {
    name: 'a deprecated argument given by a variable',
    query: 'query($all: Boolean) { stock(all: $all) { name } }',
    expected: [argument('Query.stock(all:)')],
  },
  {
    name: 'a deprecated enum value, literal',
    query: 'mutation { cook(doneness: CHARCOAL) { name } }',
    expected: [enumValue('Doneness.CHARCOAL')],
  },
  {
    name: 'an enum value that is not deprecated',
    query: 'mutation { cook(doneness: LIGHT, times: [MEDIUM]) { name } }',
    expected: [],
  },
  {
    name: 'a deprecated enum value in a list',
    query: 'mutation { cook(doneness: LIGHT, times: [MEDIUM, CHARCOAL]) { name } }',
    expected: [enumValue('Doneness.CHARCOAL')],
  },
  {
    name: 'a deprecated enum value in a variable',
    query: 'mutation($d: Doneness!) { cook(doneness: $d) { name } }',
    variables: { d: 'CHARCOAL' },
    expected: [enumValue('Doneness.CHARCOAL')],
  },
  {
    name: 'a variable holding a value that is not deprecated',
    query: 'mutation($d: Doneness!) { cook(doneness: $d) { name } }',
    variables: { d: 'MEDIUM' },
    expected: [],
  },
  {
    name: 'a deprecated enum value in a list variable, given as a single value',
    query: 'mutation($t: [Doneness!]) { cook(doneness: LIGHT, times: $t) { name } }',
    variables: { t: 'CHARCOAL' },
    expected: [enumValue('Doneness.CHARCOAL')],
  },
  {
    name: 'a deprecated enum value as a variable default',
    query: 'mutation($d: Doneness! = CHARCOAL) { cook(doneness: $d) { name } }',
    expected: [enumValue('Doneness.CHARCOAL')],
  },
  {
    name: 'deprecated input fields and enum values, literal and nested',
    query:
      'mutation { order(input: { fillings: [], toasted: true, doneness: CHARCOAL, extras: [{ name: "x", sauce: "y" }] }) { name } }',
    expected: [enumValue('Doneness.CHARCOAL'), inputField('ExtraInput.sauce'), inputField('OrderInput.toasted')],
  },
  {
    name: 'deprecated input fields inside a variable',
    query: 'mutation($input: OrderInput!) { order(input: $input) { name } }',
    variables: {
      input: { fillings: ['cheese'], toasted: false, extras: [{ name: 'x', sauce: 'y' }], doneness: 'CHARCOAL' },
    },
    expected: [enumValue('Doneness.CHARCOAL'), inputField('ExtraInput.sauce'), inputField('OrderInput.toasted')],
  },
  {
    name: 'an input variable without deprecated fields in it',
    query: 'mutation($input: OrderInput!) { order(input: $input) { name } }',
    variables: { input: { fillings: ['cheese'], doneness: 'LIGHT' } },
    expected: [],
  },
  {
    name: 'a deprecated field in a fragment, counted once',
    query: '{ stock { ...F ...F } more: stock { qty } } fragment F on Ingredient { qty }',
    expected: [field('Ingredient.qty')],
  },
  {
    name: 'only the operation that runs, not its neighbours',
    query: 'query Runs { status } query Other { oldStatus }',
    expected: [],
  },
];

describe('deprecated usage of an operation', () => {
  it.each(cases)('$name', ({ query, variables, expected }) => {
    expect(usesIn(query, variables)).toEqual(expected);
  });

  it('keeps for each request only the variables that can carry deprecation', () => {
    const document = parse(
      'mutation($d: Doneness!, $n: String!, $i: OrderInput!) { cook(doneness: $d) { name } pick(name: $n) { name } order(input: $i) { name } }',
    );
    const plan = planUsage(schema, document, document.definitions[0] as OperationDefinitionNode);
    expect(plan.variables.map((v) => v.name)).toEqual(['d', 'i']);
    expect(plan.inDocument).toEqual([field('Mutation.pick')]);
  });
});
