import http from 'node:http';
import { Writable } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../tools/dev/eventually.js';
import { Health } from '../health.js';
import { HttpService } from '../httpService.js';
import { createLogger } from '../logger.js';

// A request whose client has gone away leaves no connection for the drain to
// wait for, yet its handler may still be calling a subgraph or writing to the
// database. Shutdown waits for it (within the grace period) before it closes
// what the service holds, so that the work finishes instead of failing on a
// closed pool or database client.

function service(shutdownGraceMs: number) {
  const events: string[] = [];
  const lines: { msg: string }[] = [];
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as { msg: string });
      done();
    },
  });
  const running = new HttpService({
    logger: createLogger({ service: 'test', version: 'test', level: 'info', destination: logs }),
    health: new Health([]),
    metrics: new Registry(),
    graphqlPaths: ['/graphql'],
    routes: {
      '/slow': async (_req, res) => {
        events.push('handling');
        await released;
        events.push('handled');
        res.end('done');
      },
    },
    maxBodyBytes: 1024,
    shutdownGraceMs,
    onClose: async () => {
      events.push('closed');
    },
  });
  running.mountGraphQL(new ApolloServer({ typeDefs: 'type Query { a: Int }' }), async (_req, scope) => scope);
  return { running, events, lines, release };
}

/** Sends GET /slow and drops the connection once the handler has begun. */
async function abandonedRequest(url: string, events: string[]) {
  const req = http.get(`${url}/slow`);
  req.on('error', () => {});
  await eventually('the handler has begun', async () => (events.includes('handling') ? true : undefined));
  req.destroy();
}

describe('stopping an HTTP service', () => {
  it('waits for a request whose client went away before it closes what the service holds', async () => {
    const { running, events, lines, release } = service(30_000);
    const url = await running.listen(0, '127.0.0.1');
    await abandonedRequest(url, events);

    const stopped = running.stop();
    await eventually('shutdown waits for the request', async () =>
      lines.some(({ msg }) => msg === 'waiting for requests still being handled') ? true : undefined,
    );
    expect(events).toEqual(['handling']);
    release();
    await stopped;
    expect(events).toEqual(['handling', 'handled', 'closed']);
  });

  it('waits no longer than the grace period', async () => {
    const { running, events, lines, release } = service(200);
    const url = await running.listen(0, '127.0.0.1');
    await abandonedRequest(url, events);

    await running.stop();
    expect(events).toEqual(['handling', 'closed']);
    expect(lines.map(({ msg }) => msg)).toContain('requests still being handled when the grace period ended');
    release();
  });
});
