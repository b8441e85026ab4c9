import { Pool } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dropDatabases, mongodbUri, uniqueDbName } from './support/databases.js';
import { GraphQLClient } from './support/graphqlClient.js';
import { eventually } from '../tools/dev/eventually.js';
import { freePort } from '../tools/dev/freePort.js';
import { startService, type RunningService } from './support/processes.js';

// A rolling restart under load: two instances each of chillybin and jafflr
// behind one gateway, restarted one at a time while a client keeps querying.
// Not one request may fail.

const dbNames = { chillybin: uniqueDbName('chillybin'), jafflr: uniqueDbName('jafflr') };
const QUERY = JSON.stringify({
  query: '{ stock { name quantity } status toasties(limit: 5) { id ingredients { name quantity } } }',
});
const CLIENTS = 4;
const SERVED_WHILE_AWAY = 10;
const MAX_REQUESTS = 40_000;

type Key = 'chillybinA' | 'chillybinB' | 'jafflrA' | 'jafflrB';
const keys: Key[] = ['chillybinA', 'chillybinB', 'jafflrA', 'jafflrB'];
const ports = {} as Record<Key, number>;
const envs = {} as Record<Key, Record<string, string>>;
const running: Partial<Record<Key, RunningService>> = {};
let gateway: RunningService | undefined;

async function start(key: Key): Promise<void> {
  running[key] = await startService(key.startsWith('chillybin') ? 'chillybin' : 'jafflr', ports[key], envs[key]);
}

beforeAll(async () => {
  for (const key of keys) ports[key] = await freePort();
  const urls = (a: Key, b: Key) => `http://127.0.0.1:${ports[a]}/graphql,http://127.0.0.1:${ports[b]}/graphql`;
  for (const key of keys) {
    envs[key] = key.startsWith('chillybin')
      ? { MONGODB_URI: mongodbUri(), CHILLYBIN_DB: dbNames.chillybin }
      : {
          MONGODB_URI: mongodbUri(),
          JAFFLR_DB: dbNames.jafflr,
          CHILLYBIN_URL: urls('chillybinA', 'chillybinB'),
          COOK_TIME_SCALE: '0',
        };
    await start(key);
  }
  gateway = await startService('gateway', await freePort(), {
    CHILLYBIN_URL: urls('chillybinA', 'chillybinB'),
    JAFFLR_URL: urls('jafflrA', 'jafflrB'),
  });
});

afterAll(async () => {
  await gateway?.stop();
  for (const service of Object.values(running)) await service.stop();
  await dropDatabases(Object.values(dbNames));
});

// Bounded in time here (four process restarts) and in requests by MAX_REQUESTS.
it('restarts every subgraph instance, one at a time, without one failed request', async () => {
  const client = new GraphQLClient(`${gateway!.url}/graphql`);
  for (let i = 0; i < 3; i++) await client.data(`mutation { makeToastie(input: { fillings: ["cheese"] }) { id } }`);

  const pool = new Pool(gateway!.url, { connections: CLIENTS });
  const tally = { ok: 0, failed: 0, failures: [] as string[] };
  let querying = true;
  const send = async () => {
    while (querying && tally.ok + tally.failed < MAX_REQUESTS) {
      try {
        const { statusCode, body } = await pool.request({
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: QUERY,
        });
        const result = (await body.json()) as { data?: { toasties?: unknown[] }; errors?: unknown[] };
        if (statusCode === 200 && !result.errors && result.data?.toasties?.length === 3) tally.ok += 1;
        else throw new Error(`HTTP ${statusCode}: ${JSON.stringify(result.errors)}`);
      } catch (err) {
        tally.failed += 1;
        if (tally.failures.length < 5) tally.failures.push(String(err));
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, send);

  // The traffic really flows while each instance is away: its twin answers requests before it comes back.
  const servedWhileAway: Record<string, number> = {};
  for (const key of keys) {
    expect(await running[key]!.stop()).toBe(0);
    const away = tally.ok;
    await eventually(`requests answered while ${key} is away`, async () =>
      tally.ok >= away + SERVED_WHILE_AWAY || tally.failed > 0 ? true : undefined,
    );
    servedWhileAway[key] = tally.ok - away;
    await start(key);
  }
  querying = false;
  await Promise.all(clients);
  await pool.close();

  console.log(
    `rolling restart: ${tally.ok} requests served, ${tally.failed} failed, while each was away ${JSON.stringify(servedWhileAway)}`,
  );
  expect(tally.failures).toEqual([]);
  expect(tally.failed).toBe(0);
}, 120_000);
