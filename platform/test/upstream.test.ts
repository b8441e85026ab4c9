import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeAfterTest, startServer } from '../../test/support/stubServers.js';
import { Endpoints, callFailure, type Endpoint } from '../upstream.js';

// Endpoints.send's failover, with each instance's attempts scripted: no
// connection is made, only the errors undici would throw.

type Outcome = 'answer' | 'refuse' | 'lose' | 'lose-first' | 'time-out' | 'fail';

const errorOf: Record<Exclude<Outcome, 'answer' | 'lose-first'>, () => unknown> = {
  refuse: () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  lose: () => Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  'time-out': () => new DOMException('no answer within 100 ms', 'TimeoutError'),
  fail: () => new Error('chillybin answered HTTP 500'),
};

const cases: { name: string; instances: Outcome[]; resendLost?: boolean; sentTo: string[]; failure?: string }[] = [
  { name: 'answered by the first', instances: ['answer', 'answer'], sentTo: ['a'] },
  { name: 'a refusal goes to the next instance', instances: ['refuse', 'answer'], sentTo: ['a', 'b'] },
  {
    name: 'refusals go on until each instance was tried',
    instances: ['refuse', 'refuse', 'answer'],
    sentTo: ['a', 'b', 'c'],
  },
  { name: 'every instance refusing', instances: ['refuse', 'refuse'], sentTo: ['a', 'b'], failure: 'not-sent' },
  { name: 'the only instance refusing', instances: ['refuse'], sentTo: ['a'], failure: 'not-sent' },
  {
    name: 'a lost call is final unless it may be resent',
    instances: ['lose', 'answer'],
    sentTo: ['a'],
    failure: 'lost',
  },
  {
    name: 'a lost read goes once more, to another instance',
    instances: ['lose', 'answer'],
    resendLost: true,
    sentTo: ['a', 'b'],
  },
  {
    name: 'a lost read goes once more to the only instance',
    instances: ['lose-first'],
    resendLost: true,
    sentTo: ['a', 'a'],
  },
  {
    name: 'a lost read goes once more only',
    instances: ['lose', 'lose', 'answer'],
    resendLost: true,
    sentTo: ['a', 'b'],
    failure: 'lost',
  },
  {
    name: 'a refusal, then a lost read',
    instances: ['refuse', 'lose', 'answer'],
    resendLost: true,
    sentTo: ['a', 'b', 'c'],
  },
  {
    name: 'a timeout is never sent again',
    instances: ['time-out', 'answer'],
    resendLost: true,
    sentTo: ['a'],
    failure: 'timeout',
  },
  {
    name: 'any other failure is final',
    instances: ['fail', 'answer'],
    resendLost: true,
    sentTo: ['a'],
    failure: 'none',
  },
];

describe('Endpoints.send', () => {
  it.each(cases)('$name', async ({ instances, resendLost, sentTo, failure }) => {
    const names = instances.map((_, i) => String.fromCharCode(97 + i));
    const endpoints = new Endpoints(
      names.map((name) => `http://${name}.invalid/graphql`),
      { connectTimeoutMs: 100 },
    );
    const sent: string[] = [];
    const attempt = async (endpoint: Endpoint) => {
      const name = new URL(endpoint.url).hostname.split('.')[0]!;
      sent.push(name);
      const outcome = instances[names.indexOf(name)]!;
      if (outcome === 'answer') return `answered by ${name}`;
      if (outcome === 'lose-first') {
        if (sent.filter((n) => n === name).length === 1) throw errorOf.lose();
        return `answered by ${name}`;
      }
      throw errorOf[outcome]();
    };
    try {
      const answer = await endpoints.send(attempt, { resendLost });
      expect(failure).toBeUndefined();
      expect(answer).toBe(`answered by ${sentTo.at(-1)}`);
    } catch (err) {
      expect(callFailure(err) ?? 'none').toBe(failure);
    } finally {
      await endpoints.close();
    }
    expect(sent).toEqual(sentTo);
  });

  it('tells of each failed attempt, and whether the call goes on', async () => {
    const endpoints = new Endpoints(['http://a.invalid/graphql', 'http://b.invalid/graphql'], {
      connectTimeoutMs: 100,
    });
    const told: { url: string; failure: string | undefined; again: boolean }[] = [];
    await expect(
      endpoints.send(
        async () => {
          throw errorOf.refuse();
        },
        { onFailure: (_err, { endpoint, failure, again }) => told.push({ url: endpoint.url, failure, again }) },
      ),
    ).rejects.toThrow('ECONNREFUSED');
    await endpoints.close();
    expect(told).toEqual([
      { url: 'http://a.invalid/graphql', failure: 'not-sent', again: true },
      { url: 'http://b.invalid/graphql', failure: 'not-sent', again: false },
    ]);
  });
});

// Endpoints.post against real local servers: the answer read whole, and the deadline.
describe('Endpoints.post', () => {
  const request = { body: '{"query":"{ stock { name } }"}', headers: { 'content-type': 'application/json' } };

  function endpointsFor(url: string, connections?: number): Endpoints {
    const endpoints = new Endpoints([url], { connectTimeoutMs: 1000, ...(connections ? { connections } : {}) });
    closeAfterTest(endpoints);
    return endpoints;
  }

  it('reads an answer sent in several chunks whole, with its status and content type', async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/graphql-response+json; charset=utf-8' });
        res.write('{"data":{"name":"ch');
        setImmediate(() => res.end('eese"}}'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closeAfterTest({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

    const answer = await endpointsFor(url).post(request, { timeoutMs: 1000 });
    expect(answer).toEqual({
      url,
      status: 201,
      contentType: 'application/graphql-response+json; charset=utf-8',
      body: '{"data":{"name":"cheese"}}',
    });
  });

  it('ends a call at its deadline as a timeout, and the connection it was on is not used again', async () => {
    const server = await startServer('held');
    const endpoints = endpointsFor(server.url, 1);
    const err: unknown = await endpoints.post(request, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(callFailure(err)).toBe('timeout');
    expect((err as Error).message).toBe('no answer within 100 ms');
    server.release();
    await endpoints.post(request, { timeoutMs: 1000 });
    expect([server.requests, server.connections]).toEqual([2, 2]);
  });

  it('ends a call still waiting for a connection at its deadline, and never sends it', async () => {
    const server = await startServer('held');
    const endpoints = endpointsFor(server.url, 1);
    const first = endpoints.post(request, { timeoutMs: 5000 });
    const waiting: unknown = await endpoints.post(request, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(callFailure(waiting)).toBe('timeout');
    server.release();
    await first;
    await endpoints.post(request, { timeoutMs: 1000 });
    // The first and the last: the one that waited past its deadline never went out.
    expect(server.requests).toBe(2);
  });
});
