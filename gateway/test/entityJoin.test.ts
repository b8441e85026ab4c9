import { describe, expect, it } from 'vitest';
import type { SubgraphAnswer, SubgraphCall } from '../src/subgraphCall.js';
import { scriptedGateway } from './support/inProcessGateway.js';

// A fetch then an entity fetch (jafflr's toasties, then chillybin's
// `_entities` for their ingredients), run by the plan shortcut
// (entityJoin.ts), must answer what Apollo's executor answers, to the byte:
// each case asks a gateway that has never seen the document (so Apollo's
// executor runs the plan) and one that has learnt its plan from an earlier
// request, with the same subgraph answers, and compares the JSON texts and the fetches
// sent. Where the shortcut would answer something Apollo's shaping reports
// (a null where none may be, an invalid value, an error), it hands what it
// fetched to Apollo's executor: the same answer, and no subgraph asked twice.

type Data = Record<string, unknown>;

const ingredient = (name: string) => ({ __typename: 'Ingredient', name });
const TOASTIES = [
  { id: '1', doneness: 'MEDIUM', ingredients: [ingredient('bread'), ingredient('cheese'), ingredient('bread')] },
  { id: '2', doneness: 'LIGHT', ingredients: [ingredient('bread'), ingredient('ham'), ingredient('bread')] },
];
const STOCK: Record<string, Data> = {
  bread: { quantity: 40, description: 'White loaf' },
  cheese: { quantity: 12, description: 'Cheddar' },
  ham: { quantity: 0, description: 'Leg ham' },
};

interface Script {
  /** jafflr's data for the first fetch (toasties, or the order). */
  root?: Data;
  /** chillybin's entity for a representation's name, as its `_entities` answers; the default is STOCK's, with the fields asked. */
  entity?: (name: string) => unknown;
  /** chillybin's whole answer instead: an error, say. */
  entities?: unknown;
}

/** Subgraphs that answer as the script says, every time. */
function scripted({ root = { toasties: TOASTIES }, entity, entities }: Script) {
  return (call: SubgraphCall, subgraph: string): SubgraphAnswer => {
    const ok = (body: unknown) => ({
      url: subgraph,
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(body),
    });
    if (subgraph === 'jafflr') return ok({ data: root });
    if (entities) return ok(entities);
    const { variables } = JSON.parse(call.body) as { variables: { representations: { name: string }[] } };
    return ok({
      data: {
        _entities: variables.representations.map(({ name }) => (entity ? entity(name) : STOCK[name])),
      },
    });
  };
}

const RECENT = 'query Recent { toasties(last: 2) { id ingredients { name quantity } } }';
const FLAGS =
  'query Flags($q: Boolean!, $d: Boolean = true) { toasties(last: 2) { id ingredients { name quantity @include(if: $q) description @skip(if: $d) } } }';

const cases: { name: string; query: string; variables?: Data; script?: Script; shortcut: boolean }[] = [
  { name: 'toasties with their stock', query: RECENT, shortcut: true },
  {
    name: 'aliases, __typename, the client’s order of fields',
    query:
      '{ recent: toasties(last: 2) { kind: __typename bits: ingredients { left: quantity n: name __typename } id } }',
    script: {
      root: {
        recent: TOASTIES.map(({ id, ingredients }) => ({
          kind: 'Toastie',
          bits: ingredients.map((i) => ({ ...i, n: i.name })),
          id,
        })),
      },
      entity: (name) => ({ left: STOCK[name]!.quantity }),
    },
    shortcut: true,
  },
  { name: '@include by a variable, @skip by a default', query: FLAGS, variables: { q: true }, shortcut: true },
  { name: '@include false', query: FLAGS, variables: { q: false, d: false }, shortcut: true },
  { name: 'no toasties: no entity fetch', query: RECENT, script: { root: { toasties: [] } }, shortcut: true },
  {
    name: 'a mutation whose answer asks chillybin',
    query: 'mutation { makeToastie(input: { fillings: ["cheese"] }) { id ingredients { name quantity } } }',
    script: { root: { makeToastie: TOASTIES[0] } },
    shortcut: true,
  },
  {
    name: 'a fragment: left to Apollo’s executor',
    query: 'query { toasties(last: 2) { id ingredients { ...Stock } } } fragment Stock on Ingredient { name quantity }',
    shortcut: false,
  },
  {
    name: 'the same field twice: left to Apollo’s executor',
    query: '{ toasties(last: 2) { ingredients { name } id ingredients { quantity } } }',
    shortcut: false,
  },
  {
    name: 'an entity chillybin answers null for (a non-null field left null)',
    query: RECENT,
    script: { entity: (name) => (name === 'ham' ? null : STOCK[name]) },
    shortcut: false,
  },
  {
    name: 'an invalid value from chillybin',
    query: RECENT,
    script: { entity: (name) => ({ quantity: name === 'ham' ? 'none' : 3 }) },
    shortcut: false,
  },
  {
    name: 'an error from chillybin',
    query: RECENT,
    script: {
      entities: {
        data: { _entities: [null, null, null] },
        errors: [{ message: 'bin shut', path: ['_entities', 1], extensions: { code: 'UNAVAILABLE' } }],
      },
    },
    shortcut: false,
  },
  {
    name: 'fewer entities than asked for',
    query: RECENT,
    script: { entities: { data: { _entities: [STOCK.bread] } } },
    shortcut: false,
  },
  {
    name: 'a null where jafflr may not answer one',
    query: RECENT,
    script: { root: { toasties: [TOASTIES[0], null] } },
    shortcut: false,
  },
  {
    name: 'an ingredient jafflr answers without its key',
    query: RECENT,
    script: { root: { toasties: [{ id: '3', ingredients: [{ __typename: 'Ingredient' }] }] } },
    shortcut: false,
  },
];

describe('a fetch then an entity fetch, run by the plan shortcut', () => {
  it.each(cases)(
    '$name: the answer Apollo’s executor gives, shortcut: $shortcut',
    async ({ query, variables, script = {}, shortcut }) => {
      const plain = await scriptedGateway(scripted(script));
      const learnt = await scriptedGateway(scripted(script));
      try {
        const expected = await plain.answer(query, variables);
        // The shortcut learns the plan when Apollo's executor first runs it.
        await learnt.answer(query, variables);
        const before = { sent: learnt.sent.length, plans: learnt.plansRun() };
        const answer = await learnt.answer(query, variables);

        expect(answer).toBe(expected);
        expect(learnt.plansRun() - before.plans).toBe(shortcut ? 0 : 1);
        // The same fetches as Apollo's executor alone, each once.
        expect(learnt.sent.slice(before.sent).map((call) => call.body)).toEqual(plain.sent.map((call) => call.body));
      } finally {
        await Promise.all([plain.stop(), learnt.stop()]);
      }
    },
  );
});
