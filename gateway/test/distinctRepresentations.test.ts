import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../src/context.js';
import { distinctRepresentations } from '../src/distinctRepresentations.js';
import type { SubgraphCall } from '../src/subgraphCall.js';
import { SubgraphDataSource, subgraphFetchHistogram } from '../src/SubgraphDataSource.js';
import { askerOf, supergraphSdl } from './support/inProcessGateway.js';

const rep = (name: string) => ({ __typename: 'Ingredient', name });

describe('distinctRepresentations', () => {
  it('leaves alone a fetch with no representations, one, or none repeated', () => {
    expect(distinctRepresentations(undefined)).toBeUndefined();
    expect(distinctRepresentations({ last: 3 })).toBeUndefined();
    expect(distinctRepresentations({ representations: [rep('a')] })).toBeUndefined();
    expect(distinctRepresentations({ representations: [rep('a'), rep('b')] })).toBeUndefined();
  });

  const representations = [rep('bread'), rep('cheese'), rep('bread'), rep('ham'), rep('cheese')];

  it('sends each representation once, the other variables as they were', () => {
    const distinct = distinctRepresentations({ representations, quantity: true });
    expect(distinct?.variables).toEqual({ representations: [rep('bread'), rep('cheese'), rep('ham')], quantity: true });
  });

  // Pairs that must stay two: each is sent, and neither answer is given for the other.
  const lookAlikes: { name: string; pair: [unknown, unknown] }[] = [
    {
      name: 'a number and its string',
      pair: [
        { __typename: 'Toastie', id: 1 },
        { __typename: 'Toastie', id: '1' },
      ],
    },
    {
      name: 'a boolean and its string',
      pair: [
        { __typename: 'T', on: true },
        { __typename: 'T', on: 'true' },
      ],
    },
    {
      name: 'a string holding what would separate two fields',
      pair: [
        { __typename: 'T', a: 'x\u0000b\u0000sy' },
        { __typename: 'T', a: 'x', b: 'y' },
      ],
    },
    {
      name: 'one field or another of the same value',
      pair: [
        { __typename: 'T', a: 'x' },
        { __typename: 'T', b: 'x' },
      ],
    },
    {
      name: 'a nested key and a flat one',
      pair: [
        { __typename: 'T', a: { b: 'x' } },
        { __typename: 'T', a: 'x' },
      ],
    },
    {
      name: 'a representation and a longer one that begins like it',
      pair: [
        { __typename: 'T', a: 'x' },
        { __typename: 'T', a: 'x', b: 'y' },
      ],
    },
    {
      name: 'the same fields in another order (other JSON)',
      pair: [
        { __typename: 'T', a: 'x', b: 'y' },
        { __typename: 'T', b: 'y', a: 'x' },
      ],
    },
    {
      name: 'an array and an object with its indices for fields',
      pair: [['T', 'x'], { 0: 'T', 1: 'x' }],
    },
    {
      name: 'a null key and the string "null"',
      pair: [
        { __typename: 'T', a: null },
        { __typename: 'T', a: 'null' },
      ],
    },
  ];

  it.each(lookAlikes)('keeps apart $name', ({ pair }) => {
    const [a, b] = pair;
    const distinct = distinctRepresentations({ representations: [a, b, a, b] });
    expect(distinct?.variables).toEqual({ representations: [a, b] });
  });

  const cases: {
    name: string;
    answer: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
    expanded: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
  }[] = [
    {
      name: 'entities, spread over every position',
      answer: { data: { _entities: [{ q: 1 }, { q: 2 }, { q: 3 }] } },
      expanded: { data: { _entities: [{ q: 1 }, { q: 2 }, { q: 1 }, { q: 3 }, { q: 2 }] } },
    },
    {
      name: 'an error at one entity, once for each of its positions',
      answer: {
        data: { _entities: [{ q: 1 }, null, { q: 3 }] },
        errors: [{ message: 'gone', path: ['_entities', 1, 'q'], extensions: { code: 'NOT_FOUND' } }],
      },
      expanded: {
        data: { _entities: [{ q: 1 }, null, { q: 1 }, { q: 3 }, null] },
        errors: [
          { message: 'gone', path: ['_entities', 1, 'q'], extensions: { code: 'NOT_FOUND' } },
          { message: 'gone', path: ['_entities', 4, 'q'], extensions: { code: 'NOT_FOUND' } },
        ],
      },
    },
    {
      name: 'an error elsewhere, and no data: as answered',
      answer: { data: null, errors: [{ message: 'down' }, { message: 'field', path: ['_entities'] }] },
      expanded: { data: null, errors: [{ message: 'down' }, { message: 'field', path: ['_entities'] }] },
    },
    {
      name: 'an error at an entity that was never asked for: as answered',
      answer: {
        data: { _entities: [{ q: 1 }, { q: 2 }, { q: 3 }] },
        errors: [{ message: 'odd', path: ['_entities', 7] }],
      },
      expanded: {
        data: { _entities: [{ q: 1 }, { q: 2 }, { q: 1 }, { q: 3 }, { q: 2 }] },
        errors: [{ message: 'odd', path: ['_entities', 7] }],
      },
    },
    {
      name: 'a list of the wrong length: as answered, for the executor to refuse',
      answer: { data: { _entities: [{ q: 1 }] } },
      expanded: { data: { _entities: [{ q: 1 }] } },
    },
  ];

  it.each(cases)('gives back $name', ({ answer, expanded }) => {
    const distinct = distinctRepresentations({ representations })!;
    expect(distinct.expand(answer)).toEqual(expanded);
  });
});

// A real Apollo gateway on the real supergraph: a toasties list whose
// ingredients repeat, through our data source and through a plain one that
// passes the plan's fetches on as they are. The answers must be the same.

const TOASTIES = [
  ['bread', 'cheese', 'bread'],
  ['bread', 'cheese', 'bread'],
  ['bread', 'vegemite', 'vegemite', 'bread'],
];
const STOCK: Record<string, number> = { bread: 40, cheese: 12 };

/** The subgraphs, scripted: chillybin answers each representation in turn, and has no vegemite. */
function answer(body: { query: string; variables?: { representations?: { name: string }[] } }) {
  if (body.query.includes('toasties')) {
    const last = Number(/last:\s*(\d+)/.exec(body.query)?.[1]);
    return {
      data: {
        toasties: TOASTIES.slice(0, last).map((names, i) => ({
          id: String(i),
          ingredients: names.map((name) => ({ __typename: 'Ingredient', name })),
        })),
      },
    };
  }
  const asked = body.variables?.representations ?? [];
  const errors = asked.flatMap(({ name }, i) =>
    STOCK[name] === undefined
      ? [
          {
            message: `There is no ${name} in the chilly bin`,
            path: ['_entities', i],
            extensions: { code: 'NOT_FOUND' },
          },
        ]
      : [],
  );
  return {
    data: { _entities: asked.map(({ name }) => (STOCK[name] === undefined ? null : { quantity: STOCK[name] })) },
    ...(errors.length ? { errors } : {}),
  };
}

async function gatewayOver(dataSource: (name: string) => GraphQLDataSource) {
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ name }) => dataSource(name) });
  const server = new ApolloServer<GatewayContext>({ gateway });
  await server.start();
  return { ask: askerOf(server), stop: () => server.stop() };
}

describe('an entity fetch through a real gateway', () => {
  const queries = [
    { name: 'every ingredient in stock', query: '{ toasties(last: 2) { id ingredients { name quantity } } }' },
    { name: 'one not in stock, twice', query: '{ toasties(last: 3) { id ingredients { name quantity } } }' },
  ];

  it.each(queries)('$name: the same answer, each ingredient asked once', async ({ query }) => {
    const sent: SubgraphCall[] = [];
    const fetchDuration = subgraphFetchHistogram(new Registry());
    const ours = await gatewayOver(
      (name) =>
        new SubgraphDataSource({
          name,
          fetchDuration,
          send: async (call) => {
            sent.push(call);
            const body = JSON.stringify(answer(JSON.parse(call.body) as Parameters<typeof answer>[0]));
            return { url: `http://${name}`, status: 200, contentType: 'application/json', body };
          },
        }),
    );
    const plain = await gatewayOver(() => ({
      process: async ({ request }) => answer(JSON.parse(JSON.stringify(request)) as Parameters<typeof answer>[0]),
    }));
    try {
      const [got, expected] = [await ours.ask(query), await plain.ask(query)];
      expect(got).toEqual(expected);
      expect(got.data).toBeDefined();
      const entityCall = sent.find((call) => call.body.includes('_entities'));
      const { representations } = (JSON.parse(entityCall!.body) as { variables: { representations: unknown[] } })
        .variables;
      expect(representations).toEqual(
        query.includes('last: 3') ? [rep('bread'), rep('cheese'), rep('vegemite')] : [rep('bread'), rep('cheese')],
      );
    } finally {
      await Promise.all([ours.stop(), plain.stop()]);
    }
  });
});
