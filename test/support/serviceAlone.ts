import type { Db, MongoClient } from 'mongodb';
import { onTestFinished } from 'vitest';
import { createLogger, type Logger } from '../../platform/logger.js';
import { connectMongo } from '../../platform/mongo.js';
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';
import { loadConfig as chillybinConfig } from '../../subgraphs/chillybin/src/config.js';
import { setupDatabase as setupChillybin } from '../../subgraphs/chillybin/src/db/setupDatabase.js';
import { createServer as createChillybin } from '../../subgraphs/chillybin/src/server.js';
import { loadConfig as jafflrConfig } from '../../subgraphs/jafflr/src/config.js';
import { setupDatabase as setupJafflr } from '../../subgraphs/jafflr/src/db/setupDatabase.js';
import { createServer as createJafflr } from '../../subgraphs/jafflr/src/server.js';
import { dropDatabases, mongodbUri, uniqueDbName } from './databases.js';
import { GraphQLClient } from './graphqlClient.js';

/** How to run a subgraph in the test's own process: its settings, its database set-up and its server. */
interface Subgraph<C, S> {
  name: string;
  dbVariable: string;
  /** Settings every test wants, under those the test gives. */
  testEnv: Record<string, string>;
  loadConfig(env: Record<string, string>): C;
  setupDatabase(db: Db): Promise<unknown>;
  createServer(config: C, deps: { logger: Logger; version: string; mongo: MongoClient }): S;
}

export const JAFFLR: Subgraph<ReturnType<typeof jafflrConfig>, ReturnType<typeof createJafflr>> = {
  name: 'jafflr',
  dbVariable: 'JAFFLR_DB',
  testEnv: { COOK_TIME_SCALE: '0' },
  loadConfig: (env) => jafflrConfig(env),
  setupDatabase: setupJafflr,
  createServer: createJafflr,
};

export const CHILLYBIN: Subgraph<ReturnType<typeof chillybinConfig>, ReturnType<typeof createChillybin>> = {
  name: 'chillybin',
  dbVariable: 'CHILLYBIN_DB',
  testEnv: {},
  loadConfig: (env) => chillybinConfig(env),
  setupDatabase: setupChillybin,
  createServer: createChillybin,
};

export interface Alone<S> {
  /** What `createServer` returned: its repositories, its database. */
  server: S;
  /** Where it listens: `/graphql`, `/metrics` and the rest are under it. */
  url: string;
  /** A client of its GraphQL endpoint, sending `headers` besides the subgraph secret. */
  client(headers?: Record<string, string>): GraphQLClient;
}

/**
 * A subgraph in this process, on a database of its own, with `env` over the
 * test settings (the database from the test set-up, jafflr's instant cooking). It is
 * stopped and its database dropped when the calling test finishes.
 */
export async function startAlone<
  C extends { mongodbUri: string; subgraphSecret: string },
  S extends { http: { listen(port: number, host: string): Promise<string>; stop(): Promise<void> } },
>(subgraph: Subgraph<C, S>, env: Record<string, string>): Promise<Alone<S>> {
  const dbName = uniqueDbName(subgraph.name);
  const config = subgraph.loadConfig({
    MONGODB_URI: mongodbUri(),
    [subgraph.dbVariable]: dbName,
    NODE_ENV: 'test',
    ...subgraph.testEnv,
    ...env,
  });
  const mongo = await connectMongo({ uri: config.mongodbUri, timeoutMs: 5000, appName: 'test' });
  await subgraph.setupDatabase(mongo.db(dbName));
  const logger = createLogger({ service: subgraph.name, version: 'test', level: 'silent' });
  const server = subgraph.createServer(config, { logger, version: 'test', mongo });
  const url = await server.http.listen(0, '127.0.0.1');
  onTestFinished(async () => {
    await server.http.stop();
    await dropDatabases([dbName]);
  });
  return {
    server,
    url,
    client: (headers = {}) =>
      new GraphQLClient(`${url}/graphql`, { [SUBGRAPH_SECRET_HEADER]: config.subgraphSecret, ...headers }),
  };
}
