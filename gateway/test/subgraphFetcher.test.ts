import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { closeAfterTest, refusingUrl, startServer, type TestServer } from '../../test/support/stubServers.js';
import { CallerGone } from '../../platform/requestScope.js';
import { eventually } from '../../tools/dev/eventually.js';
import type { SubgraphCall } from '../src/subgraphCall.js';
import { SubgraphFetcher } from '../src/subgraphFetcher.js';

// The fetcher against real local HTTP servers that answer, refuse, reset or dawdle.

function fetcherFor(urls: string[], timeoutMs = 1000) {
  const logs: { msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString()) as { msg: string });
      done();
    },
  });
  const fetcher = new SubgraphFetcher({
    name: 'chillybin',
    urls,
    timeoutMs,
    subgraphSecret: 'a-subgraph-secret-for-tests',
    logger: pino({ level: 'debug' }, sink),
  });
  closeAfterTest(fetcher);
  return { fetcher, retries: () => logs.filter((l) => l.msg === 'retrying on another instance').length };
}

const QUERY = { body: JSON.stringify({ query: '{ stock { name } }' }), headers: {}, readsOnly: true };
const MUTATION = {
  body: JSON.stringify({ query: 'mutation { pick(name: "cheese") { quantity } }' }),
  headers: {},
  readsOnly: false,
};

function call(fetcher: SubgraphFetcher, request: SubgraphCall) {
  return fetcher.send(request);
}

async function failure(promise: Promise<unknown>): Promise<GraphQLError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphQLError);
  return err as GraphQLError;
}

describe('SubgraphFetcher', () => {
  it('answers like fetch and keeps connections alive across calls', async () => {
    const server = await startServer('answer');
    const { fetcher } = fetcherFor([server.url]);
    for (let i = 0; i < 20; i++) {
      const response = await call(fetcher, QUERY);
      expect(response.status).toBe(200);
      expect(response.contentType).toBe('application/json');
      expect(JSON.parse(response.body)).toEqual({ data: { echo: JSON.parse(QUERY.body) as unknown } });
    }
    expect(server.requests).toBe(20);
    // undici may open a second connection while the first is being released, never one per call.
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('takes the instances in turn', async () => {
    const a = await startServer('answer');
    const b = await startServer('answer');
    const { fetcher } = fetcherFor([a.url, b.url]);
    for (let i = 0; i < 6; i++) await call(fetcher, QUERY);
    expect([a.requests, b.requests]).toEqual([3, 3]);
  });

  const cases = [
    {
      name: 'a query to an instance that refuses goes to the other',
      instances: ['refuse', 'answer'],
      body: QUERY,
      answered: true,
      requests: [1],
    },
    {
      name: 'a mutation to an instance that refuses goes to the other, since it never arrived',
      instances: ['refuse', 'answer'],
      body: MUTATION,
      answered: true,
      requests: [1],
    },
    {
      name: 'a query whose connection is reset is sent once more',
      instances: ['reset-first'],
      body: QUERY,
      answered: true,
      requests: [2],
    },
    {
      name: 'a query reset on one instance is answered by the other',
      instances: ['reset', 'answer'],
      body: QUERY,
      answered: true,
      requests: [1, 1],
    },
    {
      name: 'a query reset every time is sent twice, then fails',
      instances: ['reset'],
      body: QUERY,
      answered: false,
      requests: [2],
      message: /not answering/,
    },
    {
      name: 'a mutation whose connection is reset is not sent again: it may have been done',
      instances: ['reset-first', 'answer'],
      body: MUTATION,
      answered: false,
      requests: [1, 0],
      message: /not answering/,
    },
    {
      name: 'a slow answer times out and is not sent again, even for a query',
      instances: ['slow', 'answer'],
      body: QUERY,
      answered: false,
      requests: [1, 0],
      message: /did not answer within 100 ms/,
    },
    {
      name: 'every instance refusing is a clear error',
      instances: ['refuse', 'refuse'],
      body: QUERY,
      answered: false,
      requests: [],
      message: /not answering/,
    },
  ] as const;

  it.each(cases)('$name', async ({ instances, body, answered, requests, ...expected }) => {
    const servers: TestServer[] = [];
    const slow: TestServer[] = [];
    const urls: string[] = [];
    for (const behaviour of instances) {
      if (behaviour === 'refuse') {
        urls.push(await refusingUrl());
        continue;
      }
      const server = await startServer(behaviour);
      servers.push(server);
      if (behaviour === 'slow') slow.push(server);
      urls.push(server.url);
    }
    const { fetcher } = fetcherFor(urls, 100);

    if (answered) {
      expect((await call(fetcher, body)).status).toBe(200);
    } else {
      const err = await failure(call(fetcher, body));
      expect(err.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'chillybin' });
      expect(err.message).toMatch('message' in expected ? expected.message : /./);
    }
    expect(servers.map((s) => s.requests)).toEqual(requests);
    // Nothing waited for an answer that comes late: the call was over before a slow server answered.
    for (const server of slow) expect(server.answers).toBe(0);
  });

  it('passes over an instance that just refused, instead of trying it on every call', async () => {
    const server = await startServer('answer');
    const { fetcher, retries } = fetcherFor([await refusingUrl(), server.url]);
    for (let i = 0; i < 10; i++) expect((await call(fetcher, QUERY)).status).toBe(200);
    expect(server.requests).toBe(10);
    expect(retries()).toBe(1);
  });

  it('gives up a write when its client goes away: the subgraph sees the connection close, and no other instance gets it', async () => {
    const [first, second] = [await startServer('held'), await startServer('held')];
    const { fetcher, retries } = fetcherFor([first.url, second.url], 5000);
    const client = new CallerGone();
    const sent = call(fetcher, { ...MUTATION, callerGone: client });
    await eventually('the write to reach the subgraph', async () => (first.requests === 1 ? true : undefined));

    client.go();

    const err = await failure(sent);
    expect(err.extensions).toEqual({ code: 'DEADLINE_EXCEEDED', serviceName: 'chillybin', reason: 'caller gone' });
    await eventually('the subgraph to see its caller go', async () => (first.abandoned === 1 ? true : undefined));
    expect([first.requests, second.requests, retries()]).toEqual([1, 0, 0]);
  });

  it('sends nothing for a client that had already gone', async () => {
    const server = await startServer('answer');
    const { fetcher } = fetcherFor([server.url]);
    const client = new CallerGone();
    client.go();

    const err = await failure(call(fetcher, { ...MUTATION, callerGone: client }));

    expect(err.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', reason: 'caller gone' });
    expect(server.requests).toBe(0);
  });
});
