import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig as gatewayConfig } from '../gateway/src/config.js';
import { connectGatewayRegistry } from '../gateway/src/registry/gatewayRegistry.js';
import { SUPERGRAPH_VERSION_HEADER } from '../gateway/src/registry/supergraphVersionHeader.js';
import { createServer as createGateway } from '../gateway/src/server.js';
import { createLogger } from '../platform/logger.js';
import { connectMongo } from '../platform/mongo.js';
import { openRegistry, type OpenRegistry } from '../platform/registry/openRegistry.js';
import { loadConfig as jafflrConfig } from '../subgraphs/jafflr/src/config.js';
import { setupDatabase as setupJafflr } from '../subgraphs/jafflr/src/db/setupDatabase.js';
import { createServer as createJafflr } from '../subgraphs/jafflr/src/server.js';
import { publishSchema } from '../tools/schema-registry/publishSchema.js';
import { dropDatabases, mongodbUri, uniqueDbName } from './support/databases.js';
import { GraphQLClient } from './support/graphqlClient.js';
import { freePort } from '../tools/dev/freePort.js';
import { startSystem, type System } from './support/system.js';
import { MAKE } from './support/toastieSteps.js';

// The seed's three steps with the registry as the judge. Here jafflr reaches chillybin through a gateway that
// follows the registry, so its picks are a client's use of chillybin's API that the gateway counts:
// (1) publish pickIngredients beside a deprecated pick, (2) switch jafflr over with pick.v2 and watch its use of
// pick stop, (3) publish pick's removal: refused while used within the window, accepted once not.

const root = fileURLToPath(new URL('../', import.meta.url));
const DAY_MS = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'registry-steps-'));
const chillybin = readFileSync(join(root, 'subgraphs/chillybin/schema.graphql'), 'utf8');

const DEPRECATION = /\n {4}@deprecated\(reason: "Use pickIngredients[^\n]*\)/;
const PICK_INGREDIENTS =
  /\n {2}"""\n {2}Takes every item or none[\s\S]*?pickIngredients\(input: PickIngredientsInput!\): Order!\n/;
const PICK =
  /\n {2}"""\n {2}Takes `quantity` of an ingredient[\s\S]*?@deprecated\(reason: "Use pickIngredients[^\n]*\)\n/;
const schemas = {
  /** Before step 1: pick alone. */
  pickOnly: chillybin.replace(PICK_INGREDIENTS, '\n').replace(DEPRECATION, ''),
  /** Step 1: pickIngredients beside pick, which is deprecated (the committed schema). */
  both: chillybin,
  /** Step 3: pick removed. */
  withoutPick: chillybin.replace(PICK, '\n'),
};
const files = Object.fromEntries(
  Object.entries(schemas).map(([name, sdl]) => {
    const file = join(dir, `${name}.graphql`);
    writeFileSync(file, sdl);
    return [name, file];
  }),
) as Record<keyof typeof schemas, string>;

const registryDb = uniqueDbName('registrysteps');
const jafflrDb = uniqueDbName('jafflrsteps');
let system: System;
let registry: OpenRegistry;
let stops: (() => Promise<void>)[] = [];
let gatewayUrl: string;
let jafflrMongo: Awaited<ReturnType<typeof connectMongo>>;

const publish = (schemaFile: string, now?: Date) =>
  publishSchema({
    cwd: root,
    configFile: join(root, 'supergraph.yaml'),
    operations: 'no-operations/*.graphql',
    subgraph: 'chillybin',
    schemaFile,
    dryRun: false,
    publishedBy: 'test',
    windowDays: 7,
    registry,
    now,
  });

beforeAll(async () => {
  system = await startSystem();
  registry = await openRegistry({ uri: mongodbUri(), dbName: registryDb, timeoutMs: 5000 }, 'test');
  expect((await publish(files.pickOnly)).outcome).toBe('published');
  const jafflrPort = await freePort();
  const logger = (service: string) => createLogger({ service, version: 'test', level: 'silent' });

  const gConfig = gatewayConfig({
    NODE_ENV: 'test',
    GATEWAY_PORT: '0',
    SUBGRAPH_SECRET: system.secrets.subgraph,
    CHILLYBIN_URL: system.urls.chillybin,
    JAFFLR_URL: `http://127.0.0.1:${jafflrPort}/graphql`,
    SUPERGRAPH_SOURCE: 'registry',
    REGISTRY_MONGODB_URI: mongodbUri(),
    REGISTRY_DB: registryDb,
    SUPERGRAPH_POLL_MS: '200',
    USAGE_REPORT_INTERVAL_MS: '100',
  });
  const followed = await connectGatewayRegistry(gConfig.registry!, true);
  const gateway = createGateway(gConfig, {
    logger: logger('gateway'),
    version: 'test',
    supergraphSdl: followed.initial!.supergraphSdl,
    registry: followed,
  });
  gatewayUrl = await gateway.http.listen(0, '127.0.0.1');
  stops.push(() => gateway.http.stop());

  const jConfig = jafflrConfig({
    NODE_ENV: 'test',
    MONGODB_URI: mongodbUri(),
    JAFFLR_DB: jafflrDb,
    SUBGRAPH_SECRET: system.secrets.subgraph,
    CHILLYBIN_URL: `${gatewayUrl}/graphql`,
    COOK_TIME_SCALE: '0',
    FEATURES_CACHE_MS: '1',
  });
  jafflrMongo = await connectMongo({ uri: jConfig.mongodbUri, timeoutMs: 5000, appName: 'jafflr' });
  await setupJafflr(jafflrMongo.db(jafflrDb));
  const jafflr = createJafflr(jConfig, { logger: logger('jafflr'), version: 'test', mongo: jafflrMongo });
  await jafflr.http.listen(jafflrPort, '127.0.0.1');
  stops.unshift(() => jafflr.http.stop());
});

afterAll(async () => {
  for (const stop of stops) await stop();
  stops = [];
  await registry?.close();
  await system?.stop();
  await dropDatabases([registryDb, jafflrDb]);
  rmSync(dir, { recursive: true, force: true });
});

const client = () => new GraphQLClient(`${gatewayUrl}/graphql`);
const makeToasties = async (n: number) => {
  await system.admin.data('mutation { restock { name } }');
  for (let i = 0; i < n; i++) {
    const result = await client().request(MAKE, { input: { fillings: ['cheese'] } });
    expect(result.errors).toBeUndefined();
  }
};
/** Uses of `Mutation.pick` the registry holds, from every gateway, in the last day. */
const pickUses = async () =>
  (await registry.usage.since(new Date(Date.now() - DAY_MS)))
    .filter((u) => u.coordinate === 'Mutation.pick')
    .reduce((n, u) => n + u.count, 0);
async function until(check: () => Promise<boolean>, what: string, withinMs = 5000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const servedVersion = async () =>
  (
    await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    })
  ).headers.get(SUPERGRAPH_VERSION_HEADER);

describe('the three steps, judged by the registry', () => {
  it('1. publishes pickIngredients beside a deprecated pick', async () => {
    const result = await publish(files.both);
    expect(result.outcome).toBe('published');
    expect(result.report.changes.map((c) => `${c.verdict} ${c.coordinate}`)).toEqual(
      expect.arrayContaining(['safe Mutation.pickIngredients', 'safe Mutation.pick']),
    );
    await until(async () => (await servedVersion()) === '2', 'the gateway serves version 2');
  });

  it('2. jafflr picks with pick while pick.v2 is off, and stops once it is on', async () => {
    await makeToasties(2);
    // Two toasties of cheese: one pick for the cheese and one for the bread each.
    await until(async () => (await pickUses()) >= 4, 'pick uses reach the registry');
    const before = await pickUses();

    await jafflrMongo
      .db(jafflrDb)
      .collection<{ _id: string; enabled: boolean }>('features')
      .insertOne({ _id: 'pick.v2', enabled: true });
    await new Promise((r) => setTimeout(r, 50));
    await makeToasties(3);
    await new Promise((r) => setTimeout(r, 500));
    expect(await pickUses()).toBe(before);
  });

  it("3. refuses pick's removal while it was used within the window, and accepts it once it was not", async () => {
    const refused = await publish(files.withoutPick);
    expect(refused.outcome).toBe('refused by the check');
    const pick = refused.report.changes.find((c) => c.coordinate === 'Mutation.pick');
    expect(pick).toMatchObject({ verdict: 'breaking' });
    expect(pick?.note).toMatch(/still used by client unknown\/unknown/);

    // Eight days on, with no use since the switch, the window holds none.
    const accepted = await publish(files.withoutPick, new Date(Date.now() + 8 * DAY_MS));
    expect(accepted.outcome).toBe('published');
    expect(accepted.report.changes.find((c) => c.coordinate === 'Mutation.pick')).toMatchObject({ verdict: 'safe' });
    await until(async () => (await servedVersion()) === '3', 'the gateway serves version 3');
    await makeToasties(1);
  });
});
