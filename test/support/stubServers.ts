import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';

// Real local HTTP servers that stand in for a subgraph: they answer, reset the
// connection, or answer late. They are closed after each test of the file that uses them.

export type Behaviour = 'answer' | 'reset' | 'reset-first' | 'slow';

export interface TestServer {
  url: string;
  requests: number;
  connections: number;
  close(): Promise<void>;
}

/** Closed after each test: stub servers, and anything else registered with `closeAfterTest`. */
const opened: { close(): Promise<void> }[] = [];

export function closeAfterTest(resource: { close(): Promise<void> }): void {
  opened.push(resource);
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

export interface StubOptions {
  slowMs?: number;
  /** The JSON to answer with; by default it echoes the request body as `data.echo`. */
  answer?: unknown;
}

export async function startServer(behaviour: Behaviour, { slowMs = 500, answer: fixed }: StubOptions = {}): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const state = { requests: 0, connections: 0 };
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    state.requests += 1;
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      const reset = behaviour === 'reset' || (behaviour === 'reset-first' && state.requests === 1);
      if (reset) return req.socket.destroy();
      const answer = () => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-port', String((server.address() as AddressInfo).port));
        res.end(JSON.stringify(fixed ?? { data: { echo: JSON.parse(body) } }));
      };
      if (behaviour === 'slow') setTimeout(answer, slowMs);
      else answer();
    });
  });
  server.on('connection', (socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const handle: TestServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get requests() {
      return state.requests;
    },
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  opened.push(handle);
  return handle;
}

/** A URL on which nothing listens, so connecting is refused. */
export async function refusingUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}

