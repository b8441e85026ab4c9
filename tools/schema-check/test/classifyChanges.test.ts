import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { classifyChanges } from '../classifyChanges.js';
import { knownUses } from '../knownUses.js';
import type { UsageReport } from '../readUsageReport.js';

const BASE = /* GraphQL */ `
  type Query {
    stock: [Ingredient!]!
    ingredient(name: String!): Ingredient
    oldStock: [Ingredient!]! @deprecated(reason: "Use stock.")
    oldGrill: Grill @deprecated(reason: "The grill is gone.")
  }
  type Ingredient {
    name: String!
    quantity: Int!
  }
  type Grill {
    hot: Boolean!
  }
  enum Doneness {
    LIGHT
    MEDIUM
    BURNT @deprecated(reason: "Nobody wants it.")
  }
  input ToastieInput {
    ingredients: [String!]!
    doneness: Doneness
  }
  type Mutation {
    makeToastie(input: ToastieInput!): [Ingredient!]!
  }
`;

type Edit = [from: string | RegExp, to: string];

interface Case {
  name: string;
  /** Text replacements that turn BASE into the new schema. */
  edits: Edit[];
  operations?: Record<string, string>;
  usage?: UsageReport['entries'];
  /** Every change found, as `verdict coordinate` (plus ` used by ...` where known). */
  expected: string[];
}

const cases: Case[] = [
  {
    name: 'removed field',
    edits: [['ingredient(name: String!): Ingredient', '']],
    expected: ['breaking Query.ingredient'],
  },
  {
    name: 'removed deprecated field with no usage',
    edits: [[/oldStock.*\n/, '']],
    expected: ['safe Query.oldStock'],
  },
  {
    name: 'removed deprecated field used by an operation file',
    edits: [[/oldStock.*\n/, '']],
    operations: { 'web/operations/OldStock.graphql': 'query OldStock { oldStock { name } }' },
    expected: ['breaking Query.oldStock used by web/operations/OldStock.graphql'],
  },
  {
    name: 'removed deprecated field used per the usage report',
    edits: [[/oldStock.*\n/, '']],
    usage: [{ clientName: 'kiosk', clientVersion: '1.0.0', coordinate: 'Query.oldStock', kind: 'FIELD', count: 3 }],
    expected: ['breaking Query.oldStock used by client kiosk/1.0.0 (3 uses)'],
  },
  {
    name: 'changed field type',
    edits: [['quantity: Int!', 'quantity: String!']],
    expected: ['breaking Ingredient.quantity'],
  },
  {
    name: 'new required argument',
    edits: [['stock: [Ingredient!]!', 'stock(shelf: String!): [Ingredient!]!']],
    expected: ['breaking Query.stock(shelf:)'],
  },
  {
    name: 'new optional argument',
    edits: [['stock: [Ingredient!]!', 'stock(shelf: String): [Ingredient!]!']],
    expected: ['dangerous Query.stock(shelf:)'],
  },
  { name: 'removed enum value', edits: [['MEDIUM', '']], expected: ['breaking Doneness.MEDIUM'] },
  { name: 'removed deprecated enum value unused', edits: [[/BURNT.*\n/, '']], expected: ['safe Doneness.BURNT'] },
  {
    name: 'removed deprecated enum value used as a literal',
    edits: [[/BURNT.*\n/, '']],
    operations: {
      'web/operations/Burn.graphql':
        'mutation Burn { makeToastie(input: { ingredients: ["cheese"], doneness: BURNT }) { name } }',
    },
    expected: ['breaking Doneness.BURNT used by web/operations/Burn.graphql'],
  },
  {
    name: 'removed deprecated field and the type only it led to',
    edits: [
      [/oldGrill.*\n/, ''],
      [/type Grill \{[^}]*\}/, ''],
    ],
    expected: ['safe Grill', 'safe Query.oldGrill'],
  },
  {
    name: 'added field',
    edits: [['quantity: Int!', 'quantity: Int!\n description: String']],
    expected: ['safe Ingredient.description'],
  },
  {
    name: 'added type',
    edits: [['type Grill', 'type Bench { length: Int }\n type Grill']],
    expected: ['safe Bench', 'safe Bench.length'],
  },
  {
    name: 'field made nullable',
    edits: [['quantity: Int!', 'quantity: Int']],
    expected: ['breaking Ingredient.quantity'],
  },
  {
    name: 'deprecating a field',
    edits: [['stock: [Ingredient!]!', 'stock: [Ingredient!]! @deprecated(reason: "Use ingredient.")']],
    expected: ['safe Query.stock'],
  },
  { name: 'no change', edits: [], expected: [] },
];

function applyEdits(sdl: string, edits: Edit[]): string {
  return edits.reduce((s, [from, to]) => {
    const next = s.replace(from, to);
    if (next === s) throw new Error(`edit ${String(from)} matched nothing`);
    return next;
  }, sdl);
}

describe('classifying schema changes', () => {
  it.each(cases)('$name', async ({ edits, operations = {}, usage, expected }) => {
    const base = buildSchema(BASE);
    const next = buildSchema(applyEdits(BASE, edits));
    const files = Object.entries(operations).map(([file, source]) => ({ file, document: parse(source) }));
    const report = usage
      ? { schemaVersion: 1 as const, generatedAt: new Date().toISOString(), entries: usage }
      : undefined;

    const changes = await classifyChanges(base, next, knownUses(base, files, report));

    const found = changes.map(
      (c) => `${c.verdict} ${c.coordinate}${c.usedBy ? ` used by ${c.usedBy.join(', ')}` : ''}`,
    );
    expect(found).toEqual(expected);
  });
});
