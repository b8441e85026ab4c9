import { buildSchema, parse, print, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PlanShortcut } from '../src/planShortcut.js';
import type { SubgraphAnswer, SubgraphCall } from '../src/subgraphCall.js';
import type { SubgraphDataSource } from '../src/SubgraphDataSource.js';
import { scriptedGateway, supergraphSdl, type SupergraphUpdate } from './support/inProcessGateway.js';

// A real Apollo gateway on the real supergraph, with the shortcut in front of
// its executor and subgraphs that answer from a script. Each case sends the
// same operation twice: the first always runs Apollo's query plan (and the
// shortcut learns from it); whether the second ran the plan again is what
// `plansRun` counts, and every answer must be what the plan alone would give.

type Answer = 'data' | 'error' | 'failure';

const INGREDIENT = { name: 'cheese', quantity: 3, description: 'Cheddar' };

/** What a subgraph answers to one fetch: data for the fields it was asked, a GraphQL error, or no answer at all. */
function scripted(call: SubgraphCall, answer: Answer): SubgraphAnswer {
  if (answer === 'failure') throw new Error('connection refused');
  const ok = (body: unknown) => ({
    url: 'http://chillybin',
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify(body),
  });
  if (answer === 'error') {
    return ok({
      data: { ingredient: null },
      errors: [{ message: 'No cheese today', path: ['ingredient'], extensions: { code: 'NOT_FOUND' } }],
    });
  }
  const { query } = JSON.parse(call.body) as { query: string };
  if (query.includes('toasties'))
    return ok({ data: { toasties: [{ id: '1', ingredients: [{ __typename: 'Ingredient', name: 'cheese' }] }] } });
  if (query.includes('_entities')) return ok({ data: { _entities: [{ quantity: 3 }] } });
  if (query.includes('makeToastie')) return ok({ data: { makeToastie: { id: '2' } } });
  if (/cheese\s*:\s*ingredient/.test(query)) return ok({ data: { cheese: { name: 'cheese' } } });
  return ok({ data: { ingredient: INGREDIENT } });
}

/** A gateway whose subgraphs answer each fetch from the queue of answers (data when it is empty). */
async function gatewayWithShortcut(options: { onUpdatable?: (update: SupergraphUpdate) => void } = {}) {
  const answers: Answer[] = [];
  const gateway = await scriptedGateway((call) => scripted(call, answers.shift() ?? 'data'), options);
  return { ...gateway, answers };
}

const INGREDIENT_QUERY = 'query Ingredient($n: String!) { ingredient(name: $n) { name quantity description } }';

describe('the plan shortcut', () => {
  const cases = [
    {
      name: 'one subgraph, the selection the client sent',
      query: INGREDIENT_QUERY,
      variables: { n: 'cheese' },
      shortcut: true,
    },
    { name: 'an alias', query: '{ cheese: ingredient(name: "cheese") { name } }', shortcut: true },
    {
      name: 'a fragment, which the fetch spells out',
      query: 'query { ingredient(name: "cheese") { ...F } } fragment F on Ingredient { name quantity description }',
      shortcut: false,
    },
    { name: 'two subgraphs', query: '{ toasties(last: 1) { id ingredients { name quantity } } }', shortcut: true },
    { name: 'a mutation', query: 'mutation { makeToastie(input: { fillings: ["cheese"] }) { id } }', shortcut: true },
  ];

  it.each(cases)('$name: shortcut on the second request: $shortcut', async ({ query, variables, shortcut }) => {
    const gateway = await gatewayWithShortcut();
    try {
      const first = await gateway.ask(query, variables);
      const sentFirst = gateway.sent.length;
      const second = await gateway.ask(query, variables);
      expect(second).toEqual(first);
      expect(first.errors).toBeUndefined();
      expect(gateway.plansRun()).toBe(shortcut ? 1 : 2);
      // The shortcut sends what the plan sends: one fetch, the same body.
      expect(gateway.sent.slice(sentFirst).map((c) => c.body)).toEqual(
        gateway.sent.slice(0, sentFirst).map((c) => c.body),
      );
    } finally {
      await gateway.stop();
    }
  });

  const unhappy = [
    {
      name: 'variables that do not coerce',
      variables: { n: 5 },
      answer: 'data' as const,
      fetches: 0,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'a GraphQL error from the subgraph',
      variables: { n: 'cheese' },
      answer: 'error' as const,
      fetches: 1,
      code: 'NOT_FOUND',
    },
    {
      name: 'no answer from the subgraph',
      variables: { n: 'cheese' },
      answer: 'failure' as const,
      fetches: 1,
      code: undefined,
    },
  ];

  it.each(unhappy)(
    '$name: the plan answers, as without the shortcut, and the subgraph is asked at most once',
    async ({ variables, answer, fetches, code }) => {
      const plain = await gatewayWithShortcut();
      const learnt = await gatewayWithShortcut();
      try {
        // The same request to a gateway that has not learnt the operation: what the plan alone answers.
        plain.answers.push(answer);
        const expected = await plain.ask(INGREDIENT_QUERY, variables);

        await learnt.ask(INGREDIENT_QUERY, { n: 'cheese' });
        const before = learnt.sent.length;
        learnt.answers.push(answer);
        const got = await learnt.ask(INGREDIENT_QUERY, variables);

        expect(got).toEqual(expected);
        expect(got.errors?.length).toBeGreaterThan(0);
        if (code) expect(got.errors?.[0]?.extensions?.code).toBe(code);
        expect(learnt.sent.length - before).toBe(fetches);
      } finally {
        await plain.stop();
        await learnt.stop();
      }
    },
  );

  it('learns again after the gateway loads another supergraph: a field may have moved', async () => {
    let update: SupergraphUpdate | undefined;
    const gateway = await gatewayWithShortcut({ onUpdatable: (u) => (update = u) });
    try {
      await gateway.ask(INGREDIENT_QUERY, { n: 'cheese' });
      await gateway.ask(INGREDIENT_QUERY, { n: 'cheese' });
      expect(gateway.plansRun()).toBe(1);

      update!(`${supergraphSdl}\n# the next version\n`);
      const after = await gateway.ask(INGREDIENT_QUERY, { n: 'cheese' });
      expect(after.data).toEqual({ ingredient: INGREDIENT });
      expect(gateway.plansRun()).toBe(2);
      await gateway.ask(INGREDIENT_QUERY, { n: 'cheese' });
      expect(gateway.plansRun()).toBe(2);
    } finally {
      await gateway.stop();
    }
  });

  it('never uses what it learnt under one schema object for a request under another', async () => {
    // Apollo Server keeps one parsed document per query and API schema text; a supergraph
    // that only moves a field between subgraphs keeps the API schema's text, and so the document.
    const document = parse(INGREDIENT_QUERY);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const fetched: string[] = [];
    const source = {
      send: async () => {
        fetched.push('shortcut');
        return { data: { ingredient: INGREDIENT } };
      },
    } as unknown as SubgraphDataSource;
    const shortcut = new PlanShortcut(() => source);
    const [before, after] = [buildSchema('type Query { a: Int }'), buildSchema('type Query { a: Int }')];
    const queryPlan = {
      kind: 'QueryPlan',
      node: {
        kind: 'Fetch',
        serviceName: 'chillybin',
        variableUsages: ['n'],
        operation: print(document),
        operationName: 'Ingredient',
        operationKind: 'query',
      },
    };
    const request = (schema: GraphQLSchema) =>
      ({
        schema,
        document,
        operation,
        operationName: 'Ingredient',
        request: { variables: { n: 'cheese' } },
        context: {},
      }) as never;
    shortcut.learn({ queryPlan, requestContext: request(before) } as never);
    const executor = shortcut.wrap(async () => {
      fetched.push('plan');
      return { data: null };
    });

    await executor(request(before));
    await executor(request(after));
    expect(fetched).toEqual(['shortcut', 'plan']);
  });
});
