import { fork } from 'node:child_process';
import http from 'node:http';
import http2 from 'node:http2';
import { once } from 'node:events';
import { Pool } from 'undici';
import { Endpoints } from '../../platform/upstream.js';

// What one subgraph call costs the calling process, by HTTP client:
//   node --import tsx tools/bench/httpClients.ts [requests per round, default 20000] [rounds, default 2]
// A child process answers every POST with a fixed JSON body (a toasties page, 2.3 KB) over HTTP/1.1 and over
// HTTP/2 without TLS; this process sends the same body 16 at a time with each client in turn and prints its own
// CPU time (user and system) per call. The server's CPU is not in the figures. Calls at full speed, so events
// are handled many to a wakeup: a gateway at a few hundred requests a second pays more per call than this.

const CONCURRENCY = 16;
const WARM_UP = 3000;
const BODY = JSON.stringify({
  query: 'query Toasties__jafflr__0($last:Int!){toasties(last:$last){id ingredients{__typename name}}}',
  variables: { last: 20 },
});
const HEADERS = { 'content-type': 'application/json' };

type Send = () => Promise<string>;

function serve(): void {
  const answer = JSON.stringify({
    data: {
      toasties: Array.from({ length: 20 }, (_, i) => ({
        id: String(i),
        ingredients: ['bread', 'cheese'].map((name) => ({ __typename: 'Ingredient', name })),
      })),
    },
  });
  const handler = (
    req: http.IncomingMessage | http2.Http2ServerRequest,
    res: http.ServerResponse | http2.Http2ServerResponse,
  ) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer);
    });
  };
  const h1 = http.createServer(handler).listen(0, '127.0.0.1');
  const h2 = http2.createServer(handler).listen(0, '127.0.0.1');
  Promise.all([once(h1, 'listening'), once(h2, 'listening')]).then(() => {
    const port = (server: http.Server | http2.Http2Server) => (server.address() as { port: number }).port;
    process.send?.({ h1: port(h1), h2: port(h2) });
  }, console.error);
  process.on('disconnect', () => process.exit(0));
}

function clients({ h1, h2 }: { h1: number; h2: number }): { name: string; send: Send; close(): void }[] {
  const origin = `http://127.0.0.1:${h1}`;
  const pool = new Pool(origin, { connections: 64 });
  const endpoints = new Endpoints([`${origin}/graphql`], { connectTimeoutMs: 2000 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const session = http2.connect(`http://127.0.0.1:${h2}`);
  const read = (stream: NodeJS.ReadableStream, resolve: (text: string) => void) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  };
  return [
    {
      name: "undici's request(), body read with text()",
      send: async () => {
        const answer = await pool.request({ path: '/graphql', method: 'POST', headers: HEADERS, body: BODY });
        return answer.body.text();
      },
      close: () => void pool.close(),
    },
    {
      name: 'Endpoints.post (undici dispatch, platform/upstream.ts)',
      send: async () => (await endpoints.post({ body: BODY, headers: HEADERS }, { timeoutMs: 2000 })).body,
      close: () => void endpoints.close(),
    },
    {
      name: "Node's http.request, keep-alive agent",
      send: () =>
        new Promise((resolve, reject) => {
          const headers = { ...HEADERS, 'content-length': Buffer.byteLength(BODY) };
          const req = http.request({ host: '127.0.0.1', port: h1, path: '/graphql', method: 'POST', headers, agent });
          req.on('response', (res) => read(res, resolve));
          req.on('error', reject);
          req.end(BODY);
        }),
      close: () => agent.destroy(),
    },
    {
      name: "Node's http2, one session, no TLS",
      send: () =>
        new Promise((resolve, reject) => {
          const stream = session.request({ ':method': 'POST', ':path': '/graphql', ...HEADERS });
          read(stream, resolve);
          stream.on('error', reject);
          stream.end(BODY);
        }),
      close: () => session.close(),
    },
  ];
}

async function run(send: Send, calls: number): Promise<void> {
  let left = calls;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await send();
    }),
  );
}

async function measure(): Promise<void> {
  const calls = Number(process.argv[2] ?? 20_000);
  const rounds = Number(process.argv[3] ?? 2);
  const server = fork(new URL(import.meta.url).pathname, ['serve'], { execArgv: process.execArgv });
  const [ports] = (await once(server, 'message')) as [{ h1: number; h2: number }];
  const all = clients(ports);
  try {
    for (const { send } of all) await run(send, WARM_UP);
    console.log(`client                                                 CPU µs/call  user  system  calls/s`);
    for (let round = 1; round <= rounds; round++) {
      for (const { name, send } of all) {
        const before = process.cpuUsage();
        const started = performance.now();
        await run(send, calls);
        const { user, system } = process.cpuUsage(before);
        const perSecond = Math.round((calls * 1000) / (performance.now() - started));
        const per = (micros: number) => (micros / calls).toFixed(1);
        console.log(
          `${name.padEnd(55)} ${per(user + system).padStart(11)} ${per(user).padStart(5)} ${per(system).padStart(7)} ${String(perSecond).padStart(8)}`,
        );
      }
    }
  } finally {
    for (const client of all) client.close();
    server.disconnect();
  }
}

if (process.argv[2] === 'serve') serve();
else await measure();
