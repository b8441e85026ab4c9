import { readFileSync } from 'node:fs';
import { createLogger } from '../../platform/logger.js';
import { connectMongo } from '../../platform/mongo.js';
import { loadConfig as gatewayConfig } from '../../gateway/src/config.js';
import { createServer as createGateway } from '../../gateway/src/server.js';
import { loadConfig as chillybinConfig } from '../../subgraphs/chillybin/src/config.js';
import { setupDatabase as setupChillybin } from '../../subgraphs/chillybin/src/db/setupDatabase.js';
import { createServer as createChillybin } from '../../subgraphs/chillybin/src/server.js';
import { loadConfig as jafflrConfig } from '../../subgraphs/jafflr/src/config.js';
import { setupDatabase as setupJafflr } from '../../subgraphs/jafflr/src/db/setupDatabase.js';
import { createServer as createJafflr } from '../../subgraphs/jafflr/src/server.js';
import { dropDatabases, mongodbUri, uniqueDbName } from './databases.js';
import { GraphQLClient } from './graphqlClient.js';

export interface System {
  gateway: GraphQLClient;
  chillybin: GraphQLClient;
  jafflr: GraphQLClient;
  urls: { gateway: string; chillybin: string; jafflr: string };
  dbNames: { chillybin: string; jafflr: string };
  stop(): Promise<void>;
}

const supergraphSdl = readFileSync(new URL('../../supergraph.graphql', import.meta.url), 'utf8');

/**
 * The whole graph, as `npm start` runs it but inside the test process: real
 * HTTP servers on free ports, talking to the real database, each test file
 * with databases of its own that are dropped at the end.
 */
export async function startSystem(env: Record<string, string> = {}): Promise<System> {
  const logger = createLogger({ service: 'test', version: 'test', level: 'silent' });
  const version = 'test';
  const dbNames = { chillybin: uniqueDbName('chillybin'), jafflr: uniqueDbName('jafflr') };
  const base = { MONGODB_URI: mongodbUri(), NODE_ENV: 'test', COOK_TIME_SCALE: '0', ...env };

  const cbConfig = chillybinConfig({ ...base, CHILLYBIN_PORT: '0', CHILLYBIN_DB: dbNames.chillybin });
  const cbMongo = await connectMongo({ uri: cbConfig.mongodbUri, timeoutMs: 5000, appName: 'chillybin' });
  await setupChillybin(cbMongo.db(cbConfig.dbName));
  const chillybin = createChillybin(cbConfig, { logger, version, mongo: cbMongo });
  const chillybinUrl = `${await chillybin.http.listen(0, '127.0.0.1')}/graphql`;

  const jConfig = jafflrConfig({ ...base, JAFFLR_PORT: '0', JAFFLR_DB: dbNames.jafflr, CHILLYBIN_URL: chillybinUrl });
  const jMongo = await connectMongo({ uri: jConfig.mongodbUri, timeoutMs: 5000, appName: 'jafflr' });
  await setupJafflr(jMongo.db(jConfig.dbName));
  const jafflr = createJafflr(jConfig, { logger, version, mongo: jMongo });
  const jafflrUrl = `${await jafflr.http.listen(0, '127.0.0.1')}/graphql`;

  const gConfig = gatewayConfig({ ...base, GATEWAY_PORT: '0', CHILLYBIN_URL: chillybinUrl, JAFFLR_URL: jafflrUrl });
  const gateway = createGateway(gConfig, { logger, version, supergraphSdl });
  const gatewayUrl = await gateway.http.listen(0, '127.0.0.1');

  return {
    gateway: new GraphQLClient(`${gatewayUrl}/graphql`),
    chillybin: new GraphQLClient(chillybinUrl),
    jafflr: new GraphQLClient(jafflrUrl),
    urls: { gateway: gatewayUrl, chillybin: chillybinUrl, jafflr: jafflrUrl },
    dbNames,
    async stop() {
      await gateway.http.stop();
      await jafflr.http.stop();
      await chillybin.http.stop();
      await dropDatabases(Object.values(dbNames));
    },
  };
}
