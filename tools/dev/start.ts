import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDevDb, type DevDb } from './devdb.js';
import { repoRoot, startServiceProcess, type ServiceProcess } from './serviceProcess.js';

// `npm start`: the database (unless MONGODB_URI is set), chillybin, jafflr and the
// gateway, each started once the one before it is ready; Ctrl-C stops them all.

const env = process.env;
const ports = {
  chillybin: Number(env.CHILLYBIN_PORT ?? 4001),
  jafflr: Number(env.JAFFLR_PORT ?? 4002),
  gateway: Number(env.GATEWAY_PORT ?? 4000),
};

let devdb: DevDb | undefined;
const running: ServiceProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const service of [...running].reverse()) await service.stop();
    await devdb?.stop();
  }
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  let mongodbUri = env.MONGODB_URI;
  if (!mongodbUri) {
    const dataDir = resolve(repoRoot, env.DEVDB_DATA ?? '.devdb/data');
    mkdirSync(dataDir, { recursive: true });
    devdb = await startDevDb({ dataDir, port: Number(env.DEVDB_PORT ?? 0) });
    mongodbUri = devdb.uri;
    console.log(`database    ${mongodbUri} (embedded FerretDB, data in ${dataDir})`);
  }
  const chillybinUrl = env.CHILLYBIN_URL ?? `http://127.0.0.1:${ports.chillybin}/graphql`;
  const jafflrUrl = env.JAFFLR_URL ?? `http://127.0.0.1:${ports.jafflr}/graphql`;
  const shared = { MONGODB_URI: mongodbUri, CHILLYBIN_URL: chillybinUrl, JAFFLR_URL: jafflrUrl };

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

Ready. Ctrl-C stops everything.`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll(1);
}
