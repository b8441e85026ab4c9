import type { Db } from 'mongodb';
import { onTestFinished } from 'vitest';
import { createLogger } from '../../../../platform/logger.js';
import { connectMongo } from '../../../../platform/mongo.js';
import { SUBGRAPH_SECRET_HEADER } from '../../../../platform/secrets.js';
import { dropDatabases, mongodbUri, uniqueDbName } from '../../../../test/support/databases.js';
import { GraphQLClient } from '../../../../test/support/graphqlClient.js';
import { loadConfig } from '../../src/config.js';
import { setupDatabase } from '../../src/db/setupDatabase.js';
import { createServer } from '../../src/server.js';

export interface JafflrAlone {
  /** Where it listens: `/graphql`, `/metrics` and the rest are under it. */
  url: string;
  db: Db;
  /** A client of its GraphQL endpoint, sending `headers` besides the subgraph secret. */
  client(headers?: Record<string, string>): GraphQLClient;
}

/**
 * jafflr in this process, on a database of its own, with `env` over the
 * test settings (instant cooking, the database from the test setup). It is
 * stopped and its database dropped when the calling test finishes.
 */
export async function startJafflrAlone(env: Record<string, string>): Promise<JafflrAlone> {
  const dbName = uniqueDbName('jafflr');
  const config = loadConfig({
    MONGODB_URI: mongodbUri(),
    JAFFLR_DB: dbName,
    COOK_TIME_SCALE: '0',
    NODE_ENV: 'test',
    ...env,
  });
  const mongo = await connectMongo({ uri: config.mongodbUri, timeoutMs: 5000, appName: 'test' });
  await setupDatabase(mongo.db(dbName));
  const logger = createLogger({ service: 'jafflr', version: 'test', level: 'silent' });
  const { http, db } = createServer(config, { logger, version: 'test', mongo });
  const url = await http.listen(0, '127.0.0.1');
  onTestFinished(async () => {
    await http.stop();
    await dropDatabases([dbName]);
  });
  return {
    url,
    db,
    client: (headers = {}) =>
      new GraphQLClient(`${url}/graphql`, { [SUBGRAPH_SECRET_HEADER]: config.subgraphSecret, ...headers }),
  };
}
