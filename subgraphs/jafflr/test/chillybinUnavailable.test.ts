import { SUBGRAPH_SECRET_HEADER } from '../../../platform/secrets.js';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { connectMongo } from '../../../platform/mongo.js';
import { dropDatabases, mongodbUri, uniqueDbName } from '../../../test/support/databases.js';
import { GraphQLClient } from '../../../test/support/graphqlClient.js';
import { loadConfig } from '../src/config.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { freePort } from '../../../tools/dev/freePort.js';
import { createServer } from '../src/server.js';

// jafflr alone, its CHILLYBIN_URL pointing where no chilly bin answers.

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Accepts connections and never answers, like a hung process. */
const silent = createTcpServer((socket) => sockets.push(socket));
const sockets: Socket[] = [];
const dbNames: string[] = [];
const stops: (() => Promise<void>)[] = [];

async function startJafflr(chillybinUrl: string): Promise<GraphQLClient> {
  const dbName = uniqueDbName('jafflr');
  dbNames.push(dbName);
  const config = loadConfig({
    MONGODB_URI: mongodbUri(),
    JAFFLR_DB: dbName,
    CHILLYBIN_URL: chillybinUrl,
    CHILLYBIN_TIMEOUT_MS: '500',
    COOK_TIME_SCALE: '0',
    NODE_ENV: 'test',
  });
  const mongo = await connectMongo({ uri: config.mongodbUri, timeoutMs: 5000, appName: 'test' });
  await setupDatabase(mongo.db(dbName));
  const logger = createLogger({ service: 'jafflr', version: 'test', level: 'silent' });
  const { http } = createServer(config, { logger, version: 'test', mongo });
  const url = await http.listen(0, '127.0.0.1');
  stops.push(() => http.stop());
  return new GraphQLClient(`${url}/graphql`, { [SUBGRAPH_SECRET_HEADER]: config.subgraphSecret });
}

let silentPort: number;
beforeAll(async () => {
  silentPort = await listen(silent);
});

afterAll(async () => {
  for (const stop of stops) await stop();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await dropDatabases(dbNames);
});

const MAKE = /* GraphQL */ `mutation { makeToastie(input: { ingredients: ["cheese"] }) { id } }`;

describe('makeToastie when the chilly bin cannot be reached', () => {
  const cases = [
    { name: 'nothing listens at CHILLYBIN_URL', url: async () => `http://127.0.0.1:${await freePort()}/graphql` },
    { name: 'chillybin accepts but never answers', url: async () => `http://127.0.0.1:${silentPort}/graphql` },
  ];

  it.each(cases)('$name: CHILLYBIN_UNAVAILABLE, and no toastie recorded', async ({ url }) => {
    const jafflr = await startJafflr(await url());

    const result = await jafflr.request(MAKE);

    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('CHILLYBIN_UNAVAILABLE');
    expect(result.errors?.[0]?.message).toMatch(/the chilly bin is not answering/);
    expect(await jafflr.data(`{ toasties(limit: 5) { id } }`)).toEqual({ toasties: [] });
  });
});
