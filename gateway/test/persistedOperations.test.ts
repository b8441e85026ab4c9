import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { operationHash, type Manifest } from '../src/persistedOperations/manifest.js';
import { createServer } from '../src/server.js';
import { createLogger } from '../../platform/logger.js';
import { closeAfterTest, startServer } from '../../test/support/stubServers.js';

// Each policy against real requests: a gateway on the real supergraph, its subgraphs stubbed with one answer,
// and a manifest of one client version that knows `query Status { status }`.

const supergraphSdl = readFileSync(new URL('../../supergraph.graphql', import.meta.url), 'utf8');
const KNOWN = 'query Status { status }';
const UNKNOWN = 'query Stock { stock { name } }';

function manifestDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'persisted-operations-'));
  const manifest: Manifest = {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    client: { name: 'kiosk', version: '1.0.0' },
    operations: [{ id: operationHash(KNOWN), name: 'Status', type: 'query', body: KNOWN }],
  };
  writeFileSync(join(dir, 'kiosk@1.0.0.json'), JSON.stringify(manifest));
  return dir;
}

async function startGateway(env: Record<string, string>) {
  const subgraph = await startServer('answer', {
    answer: { data: { status: 'AVAILABLE', stock: [{ name: 'cheese' }] } },
  });
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    CHILLYBIN_URL: subgraph.url,
    JAFFLR_URL: subgraph.url,
    PERSISTED_OPERATIONS_DIR: manifestDir(),
    ...env,
  });
  const logger = createLogger({ service: 'gateway', version: 'test', level: 'warn', destination });
  const server = createServer(config, { logger, version: 'test', supergraphSdl });
  const url = await server.http.listen(0, '127.0.0.1');
  closeAfterTest({ close: () => server.http.stop() });
  return { url, lines };
}

const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollographql-client-name': 'kiosk', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return {
    status: response.status,
    data: json.data,
    code: json.errors?.[0]?.extensions?.code,
    message: json.errors?.[0]?.message,
  };
}

interface Outcome {
  status: number;
  code: string | undefined;
}
const ran: Outcome = { status: 200, code: undefined };
const notFound = { status: 200, code: 'PERSISTED_QUERY_NOT_FOUND' };
const mismatch = { status: 400, code: 'BAD_REQUEST' };
const notInList = { status: 400, code: 'PERSISTED_QUERY_NOT_IN_LIST' };

const requests = [
  { name: 'a known hash only', body: { extensions: persisted(operationHash(KNOWN)) } },
  { name: 'an unknown hash only', body: { extensions: persisted(operationHash(UNKNOWN)) } },
  { name: 'a hash that is not its document’s', body: { query: UNKNOWN, extensions: persisted(operationHash(KNOWN)) } },
  { name: 'a known hash with its document', body: { query: KNOWN, extensions: persisted(operationHash(KNOWN)) } },
  {
    name: 'an unknown document with its hash',
    body: { query: UNKNOWN, extensions: persisted(operationHash(UNKNOWN)) },
  },
  { name: 'a known document alone', body: { query: KNOWN } },
  { name: 'a document in no manifest', body: { query: UNKNOWN } },
] as const;

const expected: Record<string, Outcome[]> = {
  off: [ran, notFound, mismatch, ran, ran, ran, ran],
  log: [ran, notFound, mismatch, ran, ran, ran, ran],
  enforce: [ran, notFound, mismatch, ran, notInList, ran, notInList],
};

describe.each(Object.keys(expected))('PERSISTED_OPERATIONS=%s', (policy) => {
  it.each(requests.map((request, i) => ({ ...request, expected: expected[policy]![i]! })))(
    '$name: $expected.status $expected.code',
    async ({ body, expected: { status, code } }) => {
      const { url } = await startGateway({ PERSISTED_OPERATIONS: policy, GRAPH_EXPLORER: 'false' });
      const answer = await post(url, body);
      expect({ status: answer.status, code: answer.code }).toEqual({ status, code });
      if (!code) expect(answer.data).toBeTruthy();
    },
  );
});

describe('unknown operations', () => {
  it('are counted per client and logged once per client version under log', async () => {
    const { url, lines } = await startGateway({ PERSISTED_OPERATIONS: 'log' });
    await post(url, { query: UNKNOWN }, { 'apollographql-client-version': '1.0.0' });
    await post(url, { query: UNKNOWN }, { 'apollographql-client-version': '1.0.0' });
    await post(url, { query: UNKNOWN }, { 'apollographql-client-name': 'curl-1234' });
    await post(url, { query: KNOWN });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/graphql_unknown_operations_total\{client_name="kiosk",refused="false"[^}]*\} 2/);
    // A name without a manifest is the caller's choice, so it is not a label value.
    expect(metrics).toMatch(/graphql_unknown_operations_total\{client_name="other",refused="false"[^}]*\} 1/);
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; client?: { name: string } });
    const unknown = logged.filter((line) => line.msg === 'operation in no persisted-operations manifest');
    expect(unknown.map((line) => line.client?.name)).toEqual(['kiosk', 'curl-1234']);
  });

  it('are refused under enforce with a message that says what to send', async () => {
    const { url } = await startGateway({ PERSISTED_OPERATIONS: 'enforce', GRAPH_EXPLORER: 'false' });
    const { message } = await post(url, { query: UNKNOWN });
    expect(message).toMatch(/persisted operations.*extensions\.persistedQuery\.sha256Hash/);
  });

  const explorers: { name: string; env: Record<string, string>; headers: Record<string, string>; refused: boolean }[] =
    [
      {
        name: 'GraphiQL, explorers on in development',
        env: {},
        headers: { 'apollographql-client-name': 'graphiql' },
        refused: false,
      },
      {
        name: 'Sandbox, explorers on in development',
        env: {},
        headers: { referer: 'http://127.0.0.1:4000/' },
        refused: false,
      },
      {
        name: 'the kiosk page, explorers on in development',
        env: {},
        headers: { referer: 'http://127.0.0.1:4000/kiosk' },
        refused: true,
      },
      {
        name: 'GraphiQL, explorers off',
        env: { GRAPH_EXPLORER: 'false' },
        headers: { 'apollographql-client-name': 'graphiql' },
        refused: true,
      },
      {
        name: 'GraphiQL, explorers on in production',
        env: {
          NODE_ENV: 'production',
          GRAPH_EXPLORER: 'true',
          SUBGRAPH_SECRET: 'a-long-enough-test-secret',
          ADMIN_TOKEN: 'another-long-enough-test-token',
        },
        headers: { 'apollographql-client-name': 'graphiql' },
        refused: true,
      },
    ];
  it.each(explorers)('under enforce, from $name: refused $refused', async ({ env, headers, refused }) => {
    const { url } = await startGateway({ PERSISTED_OPERATIONS: 'enforce', ...env });
    const { code } = await post(url, { query: UNKNOWN }, headers);
    expect(code).toBe(refused ? 'PERSISTED_QUERY_NOT_IN_LIST' : undefined);
  });
});

describe('the setting', () => {
  const defaults = [
    { env: {}, policy: 'off' },
    { env: { NODE_ENV: 'production', SUBGRAPH_SECRET: 'a-long-enough-test-secret' }, policy: 'log' },
    {
      env: { NODE_ENV: 'production', SUBGRAPH_SECRET: 'a-long-enough-test-secret', PERSISTED_OPERATIONS: 'enforce' },
      policy: 'enforce',
    },
  ];
  it.each(defaults)('is $policy with $env', ({ env, policy }) => {
    expect(loadConfig(env).persistedOperations).toBe(policy);
  });

  it('refuses a policy it does not know', () => {
    expect(() => loadConfig({ PERSISTED_OPERATIONS: 'strict' })).toThrow(/PERSISTED_OPERATIONS/);
  });
});
