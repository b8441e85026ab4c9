import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { env as field, parseEnv } from '../../platform/config.js';
import { startDevDb, type DevDb } from './devdb.js';
import { repoRoot, startServiceProcess, type ServiceProcess } from './serviceProcess.js';

// `npm start`: the database (unless MONGODB_URI is set), chillybin, jafflr and the
// gateway, each started once the one before it is ready; Ctrl-C stops them all.

const env = process.env;

let devdb: DevDb | undefined;
const running: ServiceProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  let exitCode = code;
  if (!stopping) {
    stopping = true;
    for (const service of [...running].reverse()) {
      const serviceCode = await service.stop();
      if (serviceCode !== 0) {
        console.error(`${service.name} did not stop cleanly (exit code ${serviceCode})`);
        exitCode = 1;
      }
    }
    await devdb?.stop();
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  // Checked before anything starts, with the services' own rules, so a typo costs no database start.
  const settings = parseEnv(
    {
      CHILLYBIN_PORT: field.port(4001),
      JAFFLR_PORT: field.port(4002),
      GATEWAY_PORT: field.port(4000),
      DEVDB_PORT: field.port(0),
    },
    env,
  );
  const ports = { chillybin: settings.CHILLYBIN_PORT, jafflr: settings.JAFFLR_PORT, gateway: settings.GATEWAY_PORT };
  let mongodbUri = env.MONGODB_URI;
  if (!mongodbUri) {
    const dataDir = resolve(repoRoot, env.DEVDB_DATA ?? '.devdb/data');
    mkdirSync(dataDir, { recursive: true });
    devdb = await startDevDb({ dataDir, port: settings.DEVDB_PORT });
    mongodbUri = devdb.uri;
    console.log(`database    ${mongodbUri} (embedded FerretDB, data in ${dataDir})`);
  }
  const chillybinUrl = env.CHILLYBIN_URL ?? `http://127.0.0.1:${ports.chillybin}/graphql`;
  const jafflrUrl = env.JAFFLR_URL ?? `http://127.0.0.1:${ports.jafflr}/graphql`;
  // One secret for the whole graph and one admin token, new on every start unless set.
  const subgraphSecret = env.SUBGRAPH_SECRET ?? randomBytes(24).toString('base64url');
  const adminToken = env.ADMIN_TOKEN ?? randomBytes(24).toString('base64url');
  const shared = {
    MONGODB_URI: mongodbUri,
    CHILLYBIN_URL: chillybinUrl,
    JAFFLR_URL: jafflrUrl,
    SUBGRAPH_SECRET: subgraphSecret,
    ADMIN_TOKEN: adminToken,
  };

  for (const name of ['chillybin', 'jafflr', 'gateway'] as const) {
    const service = await startServiceProcess({ name, port: ports[name], env: shared });
    running.push(service);
    void service.exited.then((code) => {
      if (!stopping) {
        console.error(`${name} exited unexpectedly (code ${code}); stopping everything`);
        void stopAll(1);
      }
    });
  }

  const gateway = `http://127.0.0.1:${ports.gateway}`;
  console.log(`
chillybin   ${chillybinUrl}
jafflr      ${jafflrUrl}
gateway     ${gateway}/graphql
sandbox     ${gateway}/   (Apollo Sandbox, in development)
kiosk       ${gateway}/kiosk
graphiql    ${gateway}/graphiql   (in development)
usage       ${gateway}/usage   (deprecated usage by client)
admin       authorization: Bearer ${adminToken}   (for restock)

Ready. Ctrl-C stops everything.`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll(1);
}
