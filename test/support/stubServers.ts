import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { freePort } from '../../tools/dev/freePort.js';

// Real local HTTP servers that stand in for a subgraph: they answer, reset the
// connection, answer late, or hold every answer until the test releases them. Each is closed when the test that started it
// finishes; nothing is registered when this module is imported.

export type Behaviour = 'answer' | 'reset' | 'reset-first' | 'slow' | 'held';

export interface TestServer {
  url: string;
  requests: number;
  /** Requests answered so far: a slow server's count stays behind until its answers are due. */
  answers: number;
  connections: number;
  /** Requests whose connection closed before they were answered: their client gave up. */
  abandoned: number;
  /** A held server answers what it holds, and everything after at once. */
  release(): void;
  /** Holds every answer from now on, until released, as a held server does. */
  hold(): void;
  close(): Promise<void>;
}

/**
 * Closes `resource` when the running test finishes, passed or failed. Call it
 * inside a test: it belongs to that test, so a file needs no hook of its own.
 */
export function closeAfterTest(resource: { close(): Promise<void> }): void {
  onTestFinished(() => resource.close());
}

export interface StubOptions {
  slowMs?: number;
  /** The JSON to answer with; by default it echoes the request body as `data.echo`. */
  answer?: unknown;
}

/** A stub server, closed when the calling test finishes (see `closeAfterTest`). */
export async function startServer(behaviour: Behaviour, options: StubOptions = {}): Promise<TestServer> {
  const server = await listenStub(behaviour, options);
  closeAfterTest(server);
  return server;
}

async function listenStub(behaviour: Behaviour, { slowMs = 500, answer: fixed }: StubOptions): Promise<TestServer> {
  const sockets = new Set<Socket>();
  // A slow answer still pending when the server closes would write to a closed server: close() cancels them.
  const pendingAnswers = new Set<NodeJS.Timeout>();
  const state = { requests: 0, answers: 0, connections: 0, abandoned: 0 };
  // A held server's answers, until it is released.
  let held: (() => void)[] | undefined = behaviour === 'held' ? [] : undefined;
  let port = 0;
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    state.requests += 1;
    res.once('close', () => {
      if (!res.writableFinished) state.abandoned += 1;
    });
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const reset = behaviour === 'reset' || (behaviour === 'reset-first' && state.requests === 1);
      if (reset) return req.socket.destroy();
      const answer = () => {
        state.answers += 1;
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-port', String(port));
        res.end(JSON.stringify(fixed ?? { data: { echo: JSON.parse(body) as unknown } }));
      };
      if (held) return void held.push(answer);
      if (behaviour !== 'slow') return answer();
      const timer = setTimeout(() => {
        pendingAnswers.delete(timer);
        answer();
      }, slowMs);
      pendingAnswers.add(timer);
    });
  });
  server.on('connection', (socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Read once here: server.address() is null once the server has closed.
  port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get requests() {
      return state.requests;
    },
    get answers() {
      return state.answers;
    },
    get connections() {
      return state.connections;
    },
    get abandoned() {
      return state.abandoned;
    },
    release: () => {
      const answers = held ?? [];
      held = undefined;
      for (const answer of answers) answer();
    },
    hold: () => {
      held ??= [];
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const timer of pendingAnswers) clearTimeout(timer);
        pendingAnswers.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })),
  };
}

/** A URL on which nothing listens, so connecting is refused. */
export async function refusingUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/graphql`;
}
