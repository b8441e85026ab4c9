import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../gateway/src/config.js';
import { connectGatewayRegistry } from '../gateway/src/registry/gatewayRegistry.js';
import { SUPERGRAPH_VERSION_HEADER } from '../gateway/src/registry/supergraphVersionHeader.js';
import { createServer } from '../gateway/src/server.js';
import { createLogger } from '../platform/logger.js';
import { openRegistry, type OpenRegistry } from '../platform/registry/openRegistry.js';
import { publishSchema } from '../tools/schema-registry/publishSchema.js';
import { rollbackSchema } from '../tools/schema-registry/rollbackSchema.js';
import { dropDatabases, mongodbUri, uniqueDbName } from './support/databases.js';
import { freePort } from '../tools/dev/freePort.js';
import { secrets, startService } from './support/processes.js';
import { execFile } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registryPage } from '../gateway/src/registry/registryPage.js';
import { startSystem, type System } from './support/system.js';

// The gateway following the schema registry: versions published and rolled back while a client
// streams queries through it, and not one request failing.

const root = fileURLToPath(new URL('../', import.meta.url));
const POLL_MS = 300;
/** The poll interval plus a margin for a loaded two-core machine. */
const SWITCH_WITHIN_MS = POLL_MS + 3000;

const registryDb = uniqueDbName('registry');
const dir = mkdtempSync(join(tmpdir(), 'registry-test-'));
const chillybinSdl = readFileSync(join(root, 'subgraphs/chillybin/schema.graphql'), 'utf8');
/** Version 1 lacks Ingredient.description, which chillybin serves: version 2 adds it to the graph. */
const withoutDescription = join(dir, 'chillybin-v1.graphql');
writeFileSync(withoutDescription, chillybinSdl.replace('  description: String!\n', ''));

let system: System;
let registry: OpenRegistry;
let gateway: { url: string; server: ReturnType<typeof createServer>; stop(): Promise<void> };

const publish = (subgraph: string, schemaFile?: string) =>
  publishSchema({
    cwd: root,
    configFile: join(root, 'supergraph.yaml'),
    operations: 'no-operations/*.graphql',
    subgraph,
    schemaFile,
    dryRun: false,
    publishedBy: 'test',
    windowDays: 7,
    registry,
  });

beforeAll(async () => {
  // The secret the gateway processes started below send.
  system = await startSystem({ SUBGRAPH_SECRET: secrets.subgraph });
  registry = await openRegistry({ uri: mongodbUri(), dbName: registryDb, timeoutMs: 5000 }, 'test');
  expect((await publish('chillybin', withoutDescription)).outcome).toBe('published');

  const config = loadConfig({
    NODE_ENV: 'test',
    GATEWAY_PORT: '0',
    CHILLYBIN_URL: system.urls.chillybin,
    JAFFLR_URL: system.urls.jafflr,
    SUBGRAPH_SECRET: system.secrets.subgraph,
    SUPERGRAPH_SOURCE: 'registry',
    REGISTRY_MONGODB_URI: mongodbUri(),
    REGISTRY_DB: registryDb,
    SUPERGRAPH_POLL_MS: String(POLL_MS),
    USAGE_REPORT_INTERVAL_MS: '200',
  });
  const followed = await connectGatewayRegistry(config.registry!, true);
  const logger = createLogger({ service: 'gateway', version: 'test', level: 'silent' });
  const server = createServer(config, {
    logger,
    version: 'test',
    supergraphSdl: followed.initial!.supergraphSdl,
    registry: followed,
  });
  const url = await server.http.listen(0, '127.0.0.1');
  gateway = { url, server, stop: () => server.http.stop() };
});

afterAll(async () => {
  await gateway?.stop();
  await registry?.close();
  await system?.stop();
  await dropDatabases([registryDb]);
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  version: string | null;
  errors?: unknown[];
  data?: Record<string, unknown>;
}

async function query(query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[]; data?: Record<string, unknown> };
  return { status: response.status, version: response.headers.get(SUPERGRAPH_VERSION_HEADER), ...body };
}

/** Clients sending `{ stock { name } }` back to back until stopped; every answer kept. */
function stream(clients: number) {
  const answers: Answer[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      try {
        answers.push(await query('{ stock { name quantity } }'));
      } catch (err) {
        answers.push({ status: 0, version: null, errors: [String(err)] });
      }
    }
  });
  return {
    answers,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return answers;
    },
  };
}

/** How long until `check` holds, polling every 20 ms; fails past `withinMs`. */
async function timeUntil(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

const describes = async () => {
  const answer = await query('{ stock { name description } }');
  return answer.errors === undefined && answer.version !== null;
};

describe('a gateway following the schema registry', () => {
  it('serves the current version and says so', async () => {
    const answer = await query('{ stock { name description } }');
    expect(answer.version).toBe('1');
    expect(answer.errors).toEqual([
      expect.objectContaining({ message: 'Cannot query field "description" on type "Ingredient".' }),
    ]);
  });

  it('switches to a published version that adds a field, with no request failing, and back on a rollback', async () => {
    const load = stream(4);
    await new Promise((r) => setTimeout(r, 300));

    expect((await publish('chillybin')).published?._id).toBe(2);
    const added = await timeUntil(describes, SWITCH_WITHIN_MS);
    expect(added).toBeLessThan(SWITCH_WITHIN_MS);
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);

    const rolledBack = await rollbackSchema({
      cwd: root,
      configFile: join(root, 'supergraph.yaml'),
      operations: 'no-operations/*.graphql',
      version: 1,
      dryRun: false,
      publishedBy: 'test',
      windowDays: 7,
      registry,
    });
    expect(rolledBack.published?._id).toBe(3);
    await timeUntil(async () => !(await describes()), SWITCH_WITHIN_MS);
    await timeUntil(async () => (await query('{ __typename }')).version === '3', SWITCH_WITHIN_MS);
    await new Promise((r) => setTimeout(r, 300));

    const answers = await load.stop();
    const failed = answers.filter((a) => a.status !== 200 || a.errors !== undefined);
    expect(failed).toEqual([]);
    expect(answers.length).toBeGreaterThan(20);
    // Versions only ever move forward along the stream, each answer labelled with the one that ran it.
    const seen = answers.map((a) => a.version).filter((v, i, all) => v !== all[i - 1]);
    expect(seen).toEqual(['1', '2', '3']);
  });

  it('never serves a version that does not load: keeps the one it has, logs and counts it', async () => {
    const current = await registry.schemas.currentNumber();
    const good = await registry.schemas.version(current);
    // Stored behind the checks' back, as a hand edit of the database would.
    await registry.schemas.publish(current, {
      ...good,
      supergraphSdl: 'this is not a supergraph',
      action: 'publish',
      subgraph: 'chillybin',
    });

    await timeUntil(
      async () => /gateway_supergraph_update_failures_total\{reason="load"[^}]*\} 1/.test(await metrics()),
      SWITCH_WITHIN_MS,
    );
    const answer = await query('{ stock { name } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.version).toBe(String(current));
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
    expect(await metrics()).toMatch(new RegExp(`gateway_supergraph_version\\{[^}]*\\} ${current}\\b`));

    // The next good version is taken up as usual.
    expect((await publish('chillybin')).outcome).toBe('published');
    await timeUntil(describes, SWITCH_WITHIN_MS);
  });

  it('adds the deprecated usage it sees to the registry, per client and hour', async () => {
    const deprecated = chillybinSdl.replace(
      '  description: String!\n',
      '  description: String! @deprecated(reason: "Nobody reads it.")\n',
    );
    writeFileSync(join(dir, 'deprecated.graphql'), deprecated);
    expect((await publish('chillybin', join(dir, 'deprecated.graphql'))).outcome).toBe('published');
    await timeUntil(
      async () => (await query('{ __typename }')).version === String(await registry.schemas.currentNumber()),
      SWITCH_WITHIN_MS,
    );

    const kiosk = { 'apollographql-client-name': 'kiosk', 'apollographql-client-version': '3.0' };
    for (let i = 0; i < 3; i++) expect((await query('{ stock { description } }', kiosk)).errors).toBeUndefined();
    await timeUntil(async () => {
      const used = await registry.usage.since(new Date(Date.now() - 3_600_000));
      return used.some((u) => u.coordinate === 'Ingredient.description' && u.clientName === 'kiosk' && u.count === 3);
    }, 5000);
  });
});

describe('the registry page', () => {
  it('shows the versions, their verdicts and deprecated usage by day', async () => {
    const current = await registry.schemas.currentNumber();
    const page = await (await fetch(`${gateway.url}/registry`)).text();
    expect(page).toContain(`Current version: ${current}`);
    expect(page).toMatch(/<td>2<\/td><td>[^<]+<\/td>\s*<td>publish chillybin<\/td><td>test<\/td>/);
    expect(page).toContain('rollback to 1');
    expect(page).toContain('safe Ingredient.description: Field &#39;description&#39; was added');
    expect(page).toMatch(/Ingredient.description — kiosk\/3.0<\/td><td>3<\/td>/);

    const json = (await (
      await fetch(`${gateway.url}/registry`, { headers: { accept: 'application/json' } })
    ).json()) as { current: number; versions: unknown[] };
    expect(json.current).toBe(current);
    expect(json.versions[0]).not.toHaveProperty('supergraphSdl');
  });
});

describe('the registry page in production', () => {
  const token = 'an-admin-token-of-some-length';
  const cases = [
    { name: 'no authorization', headers: {} as Record<string, string>, status: 401 },
    { name: 'a wrong token', headers: { authorization: 'Bearer not-the-token-at-all' }, status: 401 },
    { name: 'the admin token', headers: { authorization: `Bearer ${token}` }, status: 200 },
  ];

  it.each(cases)('answers $status to $name', async ({ headers, status }) => {
    const logger = createLogger({ service: 'gateway', version: 'test', level: 'silent' });
    const handler = registryPage(registry, logger, { adminToken: token })['/registry']!;
    const server = createHttpServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect((await fetch(`http://127.0.0.1:${port}/registry`, { headers })).status).toBe(status);
    } finally {
      server.close();
    }
  });

  it('is not there without an admin token', () => {
    const logger = createLogger({ service: 'gateway', version: 'test', level: 'silent' });
    expect(registryPage(registry, logger, { adminToken: undefined })).toEqual({});
  });
});

describe('npm run start:gateway with SUPERGRAPH_SOURCE=registry', () => {
  const processEnv = (db: string) => ({
    SUPERGRAPH_SOURCE: 'registry',
    MONGODB_URI: mongodbUri(),
    REGISTRY_DB: db,
    SUPERGRAPH_POLL_MS: String(POLL_MS),
    CHILLYBIN_URL: system.urls.chillybin,
    JAFFLR_URL: system.urls.jafflr,
    LOG_LEVEL: 'warn',
  });

  it('starts on the current version and follows the next', async () => {
    const gatewayProcess = await startService('gateway', await freePort(), processEnv(registryDb));
    try {
      const ask = async (q: string) => {
        const response = await fetch(`${gatewayProcess.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: q }),
        });
        return {
          version: response.headers.get(SUPERGRAPH_VERSION_HEADER),
          body: (await response.json()) as { errors?: unknown },
        };
      };
      const current = await registry.schemas.currentNumber();
      expect((await ask('{ stock { name } }')).version).toBe(String(current));
      await rollbackSchema({
        cwd: root,
        configFile: join(root, 'supergraph.yaml'),
        operations: 'no-operations/*.graphql',
        version: 1,
        dryRun: false,
        publishedBy: 'test',
        windowDays: 7,
        registry,
      });
      await timeUntil(async () => (await ask('{ __typename }')).version === String(current + 1), SWITCH_WITHIN_MS);
      expect((await ask('{ stock { name description } }')).body.errors).toBeDefined();
    } finally {
      await gatewayProcess.stop();
    }
  });

  it('refuses to start on an empty registry, saying what to do', async () => {
    const empty = uniqueDbName('registryempty');
    try {
      const env = { ...process.env, ...processEnv(empty), NODE_ENV: 'test', GATEWAY_PORT: String(await freePort()) };
      const result = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(
          join(root, 'node_modules/.bin/tsx'),
          [join(root, 'gateway/src/index.ts')],
          { env },
          (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, output: stdout + stderr }),
        );
      });
      expect(result.output).toMatch(/has no version yet: publish one with npm run schema:publish -- <subgraph>/);
      expect(result.code).not.toBe(0);
    } finally {
      await dropDatabases([empty]);
    }
  });
});

async function metrics(): Promise<string> {
  return (await fetch(`${gateway.url}/metrics`)).text();
}
