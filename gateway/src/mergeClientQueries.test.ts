import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mergeClientQueries } from './mergeClientQueries.js';
import type { GatewayContext } from './context.js';

// The plugin on a real Apollo Server whose resolvers count their runs and
// answer only when told to, so that requests are surely in flight together.

/**
 * The plugin, counting the requests that have made their merge decision (run,
 * or wait for the one running): it is made when its hook is called, before
 * the hook awaits anything.
 */
function counting(
  plugin: ApolloServerPlugin<GatewayContext>,
  onDecided: () => void,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart(requestContext) {
      const listener = (await plugin.requestDidStart!(requestContext))!;
      return {
        ...listener,
        responseForOperation(context) {
          const response = listener.responseForOperation!(context);
          onDecided();
          return response;
        },
      };
    },
  };
}

function heldServer({ maxWaitMs = 5_000, failFirstExecution = false } = {}) {
  const runs: string[] = [];
  const held: (() => void)[] = [];
  let decided = 0;
  let failed = false;
  const hold = <T>(name: string, value: () => T) => {
    runs.push(name);
    return new Promise<T>((resolve, reject) =>
      held.push(() => {
        try {
          resolve(value());
        } catch (err) {
          reject(err);
        }
      }),
    );
  };
  const server = new ApolloServer<GatewayContext>({
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    typeDefs: `
      type Query { stock(name: String): Int, broken: Int }
      type Mutation { pick: Int }
    `,
    resolvers: {
      Query: {
        stock: (_: unknown, { name }: { name?: string }) => hold('stock', () => (name ? name.length : runs.length)),
        broken: () =>
          hold('broken', () => {
            throw new GraphQLError('The chilly bin is not answering', { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
          }),
      },
      Mutation: { pick: () => hold('pick', () => runs.length) },
    },
    plugins: [
      counting(mergeClientQueries({ maxWaitMs }), () => (decided += 1)),
      {
        // A plugin throwing after the merge was decided: its request never reaches willSendResponse.
        async requestDidStart() {
          return {
            async executionDidStart() {
              if (failFirstExecution && !failed) {
                failed = true;
                throw new Error('a plugin failed');
              }
            },
          };
        },
      },
    ],
  });
  const ask = (
    query: string,
    { variables, authorization }: { variables?: Record<string, unknown>; authorization?: string } = {},
  ) =>
    server.executeOperation(
      { query, variables },
      { contextValue: { requestId: 'test', logger: undefined as never, authorization } },
    );
  /** Waits until `count` requests in all have made their merge decision, none of them answered yet. */
  const inFlight = (count: number) =>
    vi.waitFor(() => expect(decided).toBeGreaterThanOrEqual(count), { timeout: 5_000, interval: 1 });
  /** Answers every resolver held, and those that come after, until `done` settles. */
  const answerUntil = async (done: Promise<unknown>) => {
    let settled = false;
    void done.then(
      () => (settled = true),
      () => (settled = true),
    );
    await vi.waitFor(
      () => {
        held.splice(0).forEach((answer) => answer());
        expect(settled).toBe(true);
      },
      { timeout: 5_000, interval: 1 },
    );
  };
  return { server, runs, ask, inFlight, answerUntil };
}

const started: ApolloServer<GatewayContext>[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

async function start(options?: Parameters<typeof heldServer>[0]) {
  const held = heldServer(options);
  await held.server.start();
  started.push(held.server);
  return held;
}

const single = (response: Awaited<ReturnType<ApolloServer['executeOperation']>>) =>
  response.body.kind === 'single' ? response.body.singleResult : undefined;

describe('mergeClientQueries', () => {
  const stock = 'query Stock($name: String) { stock(name: $name) }';
  const cases = [
    { name: 'identical queries run once, and all get its answer', second: { query: stock }, runs: 1 },
    { name: 'other variables run on their own', second: { query: stock, variables: { name: 'cheese' } }, runs: 2 },
    { name: 'another authorization runs on its own', second: { query: stock, authorization: 'Bearer other' }, runs: 2 },
    { name: 'another document runs on its own', second: { query: '{ stock }' }, runs: 2 },
    {
      name: 'mutations are never merged',
      first: { query: 'mutation { pick }' },
      second: { query: 'mutation { pick }' },
      runs: 2,
    },
  ];

  it.each(cases)('$name', async ({ first = { query: stock }, second, runs }) => {
    const held = await start();
    const { query: q1, ...o1 } = first as {
      query: string;
      variables?: Record<string, unknown>;
      authorization?: string;
    };
    const { query: q2, ...o2 } = second as {
      query: string;
      variables?: Record<string, unknown>;
      authorization?: string;
    };
    const answers = Promise.all([held.ask(q1, o1), held.ask(q2, o2)]);
    await held.inFlight(2);
    await held.answerUntil(answers);
    const [a, b] = (await answers).map(single);
    expect(held.runs).toHaveLength(runs);
    expect(a?.errors).toBeUndefined();
    expect(b?.errors).toBeUndefined();
    if (runs === 1) expect(b).toEqual(a);
  });

  it('shares an error too, with its code', async () => {
    const held = await start();
    const answers = Promise.all([held.ask('{ broken }'), held.ask('{ broken }')]);
    await held.inFlight(2);
    await held.answerUntil(answers);
    const results = (await answers).map(single);
    expect(held.runs).toEqual(['broken']);
    for (const result of results) {
      expect(result?.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    }
  });

  it('does not wait for a first request that never answers: the others run on their own after maxWaitMs', async () => {
    const held = await start({ maxWaitMs: 50, failFirstExecution: true });
    const first = held.ask('{ stock }').catch((err: unknown) => err);
    const second = held.ask('{ stock }');
    // The second runs its own resolver once it has given up on the first.
    await vi.waitFor(() => expect(held.runs).toHaveLength(1), { timeout: 2_000 });
    await held.answerUntil(second);
    expect(single(await second)?.data).toEqual({ stock: 1 });
    expect(await first).toBeInstanceOf(Error);
    // The stuck entry is gone: a later request runs at once.
    const third = held.ask('{ stock }');
    await held.answerUntil(third);
    expect(single(await third)?.data).toEqual({ stock: 2 });
  });

  it('runs again once the first is answered: nothing older than a request under way is served', async () => {
    const held = await start();
    const first = held.ask('{ stock }');
    await held.answerUntil(first);
    expect(single(await first)?.data).toEqual({ stock: 1 });
    const second = held.ask('{ stock }');
    await held.answerUntil(second);
    expect(single(await second)?.data).toEqual({ stock: 2 });
    expect(held.runs).toHaveLength(2);
  });
});
