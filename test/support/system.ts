import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DestinationStream } from 'pino';
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
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';
import { dropDatabases, mongodbUri, uniqueDbName } from './databases.js';
import { GraphQLClient } from './graphqlClient.js';

export interface System {
  /** An ordinary client of the gateway, such as the kiosk: no admin token. */
  gateway: GraphQLClient;
  /** The gateway with `authorization: Bearer <admin token>`, for restocking. */
  admin: GraphQLClient;
  /** The subgraphs as the gateway reaches them: with the subgraph secret. */
  chillybin: GraphQLClient;
  jafflr: GraphQLClient;
  urls: { gateway: string; chillybin: string; jafflr: string };
  dbNames: { chillybin: string; jafflr: string };
  secrets: { subgraph: string; admin: string };
  /** The running servers, for tests that stop one or look inside. */
  servers: {
    gateway: ReturnType<typeof createGateway>;
    chillybin: ReturnType<typeof createChillybin>;
    jafflr: ReturnType<typeof createJafflr>;
  };
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** Where every service writes its JSON log lines (at info level); silent when not given. */
  logs?: DestinationStream;
}

const supergraphSdl = readFileSync(new URL('../../supergraph.graphql', import.meta.url), 'utf8');

/**
 * The whole graph, as `npm start` runs it but inside the test process: real
 * HTTP servers on free ports, talking to the real database, each test file
 * with databases of its own that are dropped at the end.
 */
export async function startSystem(env: Record<string, string> = {}, { logs }: SystemOptions = {}): Promise<System> {
  const version = 'test';
  const loggerOf = (service: string) =>
    createLogger({ service, version, level: logs ? 'info' : 'silent', ...(logs ? { destination: logs } : {}) });
  const dbNames = { chillybin: uniqueDbName('chillybin'), jafflr: uniqueDbName('jafflr') };
  const base = {
    MONGODB_URI: mongodbUri(),
    NODE_ENV: 'test',
    COOK_TIME_SCALE: '0',
    // Bounds far above what any call takes, so that a machine slowed by other work makes tests slower, not wrong;
    // the tests of timeouts set their own.
    CHILLYBIN_TIMEOUT_MS: '10000',
    TOASTIE_DEADLINE_MS: '20000',
    SUBGRAPH_TIMEOUT_MS: '30000',
    SUBGRAPH_SECRET: randomBytes(24).toString('base64url'),
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    ...env,
  };

  const cbConfig = chillybinConfig({ ...base, CHILLYBIN_PORT: '0', CHILLYBIN_DB: dbNames.chillybin });
  const cbMongo = await connectMongo({ uri: cbConfig.mongodbUri, timeoutMs: 5000, appName: 'chillybin' });
  await setupChillybin(cbMongo.db(cbConfig.dbName));
  const chillybin = createChillybin(cbConfig, { logger: loggerOf('chillybin'), version, mongo: cbMongo });
  const chillybinUrl = `${await chillybin.http.listen(0, '127.0.0.1')}/graphql`;

  const jConfig = jafflrConfig({ ...base, JAFFLR_PORT: '0', JAFFLR_DB: dbNames.jafflr, CHILLYBIN_URL: chillybinUrl });
  const jMongo = await connectMongo({ uri: jConfig.mongodbUri, timeoutMs: 5000, appName: 'jafflr' });
  await setupJafflr(jMongo.db(jConfig.dbName));
  const jafflr = createJafflr(jConfig, { logger: loggerOf('jafflr'), version, mongo: jMongo });
  const jafflrUrl = `${await jafflr.http.listen(0, '127.0.0.1')}/graphql`;

  const gConfig = gatewayConfig({ ...base, GATEWAY_PORT: '0', CHILLYBIN_URL: chillybinUrl, JAFFLR_URL: jafflrUrl });
  const gateway = createGateway(gConfig, { logger: loggerOf('gateway'), version, supergraphSdl });
  const gatewayUrl = await gateway.http.listen(0, '127.0.0.1');

  const inside = { [SUBGRAPH_SECRET_HEADER]: base.SUBGRAPH_SECRET };
  return {
    gateway: new GraphQLClient(`${gatewayUrl}/graphql`),
    admin: new GraphQLClient(`${gatewayUrl}/graphql`, { authorization: `Bearer ${base.ADMIN_TOKEN}` }),
    chillybin: new GraphQLClient(chillybinUrl, inside),
    jafflr: new GraphQLClient(jafflrUrl, inside),
    urls: { gateway: gatewayUrl, chillybin: chillybinUrl, jafflr: jafflrUrl },
    dbNames,
    secrets: { subgraph: base.SUBGRAPH_SECRET, admin: base.ADMIN_TOKEN },
    servers: { gateway, chillybin, jafflr },
    async stop() {
      await gateway.http.stop();
      await jafflr.http.stop();
      await chillybin.http.stop();
      await dropDatabases(Object.values(dbNames));
    },
  };
}
