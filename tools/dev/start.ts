import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { env as field, parseEnv } from '../../platform/config.js';
import { colorSupported, logFormatFor, prettyLogLine } from '../../platform/logger.js';
import { startDevDb, type DevDb } from './devdb.js';
import { repoRoot, startServiceProcess, type ServiceProcess } from './serviceProcess.js';
import { startBanner } from './startBanner.js';

// `npm start`: the database (unless MONGODB_URI is set), chillybin, jafflr and the
// gateway, each started once the one before it is ready; Ctrl-C stops them all,
// a second Ctrl-C kills them.

const env = process.env;

let devdb: DevDb | undefined;
const running: ServiceProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  let exitCode = code;
  const started = devdb !== undefined || running.length > 0;
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
  if (started) console.log('Everything stopped.');
  process.exit(exitCode);
}

/** The second Ctrl-C: whoever is still running is killed, with no more waiting for them to finish their work. */
async function forceStop(): Promise<never> {
  console.log('Forcing: killing whatever is still running.');
  for (const service of running) service.child.kill('SIGKILL');
  devdb?.process.kill('SIGKILL');
  await Promise.all([...running.map((service) => service.exited), devdb?.exited]);
  console.log('Everything stopped (forced).');
  process.exit(1);
}

function onSignal(): void {
  if (stopping) {
    void forceStop();
    return;
  }
  const names = [...running].reverse().map((service) => service.name as string);
  if (devdb) names.push('the database');
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')}, then ${names.at(-1)}` : (names[0] ?? 'nothing');
  console.log(`\nStopping ${list}; Ctrl-C again to force.`);
  void stopAll(0);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  // Checked before anything starts, with the services' own rules, so a typo costs no database start.
  const settings = parseEnv(
    {
      CHILLYBIN_PORT: field.port(4001),
      JAFFLR_PORT: field.port(4002),
      GATEWAY_PORT: field.port(4000),
      DEVDB_PORT: field.port(0),
      LOG_FORMAT: field.logFormat(),
    },
    env,
    'npm start',
  );
  // The services write JSON lines to a pipe; this terminal decides whether a person reads them pretty.
  const logFormat = logFormatFor({ setting: settings.LOG_FORMAT, nodeEnv: env.NODE_ENV, isTTY: process.stdout.isTTY });
  const pretty = prettyLogLine({ colorize: colorSupported });
  const onStdoutLine = (line: string) => console.log(logFormat === 'pretty' ? pretty(line).trimEnd() : line);

  const ports = { chillybin: settings.CHILLYBIN_PORT, jafflr: settings.JAFFLR_PORT, gateway: settings.GATEWAY_PORT };
  let database: { uri: string; dataDir?: string };
  if (env.MONGODB_URI) {
    database = { uri: env.MONGODB_URI };
  } else {
    const dataDir = resolve(repoRoot, env.DEVDB_DATA ?? '.devdb/data');
    mkdirSync(dataDir, { recursive: true });
    devdb = await startDevDb({ dataDir, port: settings.DEVDB_PORT });
    database = { uri: devdb.uri, dataDir };
  }
  const chillybinUrl = env.CHILLYBIN_URL ?? `http://127.0.0.1:${ports.chillybin}/graphql`;
  const jafflrUrl = env.JAFFLR_URL ?? `http://127.0.0.1:${ports.jafflr}/graphql`;
  // One secret for the whole graph and one admin token, new on every start unless set.
  const subgraphSecret = env.SUBGRAPH_SECRET ?? randomBytes(24).toString('base64url');
  const adminToken = env.ADMIN_TOKEN ?? randomBytes(24).toString('base64url');
  const shared = {
    MONGODB_URI: database.uri,
    CHILLYBIN_URL: chillybinUrl,
    JAFFLR_URL: jafflrUrl,
    SUBGRAPH_SECRET: subgraphSecret,
    ADMIN_TOKEN: adminToken,
    LOG_FORMAT: 'json',
  };

  for (const name of ['chillybin', 'jafflr', 'gateway'] as const) {
    const service = await startServiceProcess({ name, port: ports[name], env: shared, onStdoutLine });
    running.push(service);
    void service.exited.then((code) => {
      if (!stopping) {
        console.error(`${name} exited unexpectedly (code ${code}); stopping everything`);
        void stopAll(1);
      }
    });
  }

  console.log(
    startBanner({ gateway: `http://127.0.0.1:${ports.gateway}`, chillybinUrl, jafflrUrl, database, adminToken }),
  );
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll(1);
}
