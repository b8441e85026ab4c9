import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, MongoClient } from 'mongodb';
import { connectMongo } from '../../platform/mongo.js';
import { startDevDb, type DevDb } from '../../tools/dev/devdb.js';
import { isReady, type ServiceName } from '../../tools/dev/serviceProcess.js';
import { uniqueDbName } from './databases.js';
import { GraphQLClient } from './graphqlClient.js';
import { eventually } from '../../tools/dev/eventually.js';
import { freePort } from '../../tools/dev/freePort.js';
import { adminHeaders, startService, type RunningService } from './processes.js';
import { toastieSteps } from './toastieSteps.js';

/** What a crash test may SIGKILL: a service, or the database under both. */
export type Victim = 'jafflr' | 'chillybin' | 'database';

export interface CrashableSystem {
  gateway: GraphQLClient;
  steps: ReturnType<typeof toastieSteps>;
  /** Both services' databases, through a client of the test's own that reconnects after the database restarts. */
  dbs(): { chillybin: Db; jafflr: Db };
  /** SIGKILLs every victim at the same instant and waits until each has exited. */
  kill(victims: Victim[], signal?: AbortSignal): Promise<void>;
  /** Starts the victims again where they were (same ports, same data dir), then waits until every service is ready. */
  restart(victims: Victim[], signal?: AbortSignal): Promise<void>;
  /** Restarts jafflr, gracefully, with these settings on top of its own; nothing when it already has them. */
  reconfigureJafflr(env: Record<string, string>): Promise<void>;
  /**
   * After a failed case: chillybin and jafflr start again on fresh databases,
   * and whatever is down is started, so the next case does not inherit
   * unsettled work it cannot account for.
   */
  recover(): Promise<void>;
  /** The last log lines of a service, for a failing case's report. */
  logTail(name: ServiceName, lines: number): string[];
  /** SIGKILLs every process it started, including any still starting, and removes the data dir. */
  close(): Promise<void>;
}

/** The wiring every process needs; `env` adds or overrides settings per service. */
export async function startCrashableSystem(env: Record<ServiceName, Record<string, string>>): Promise<CrashableSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'toasties-crash-db-'));
  const ports = {
    db: await freePort(),
    chillybin: await freePort(),
    jafflr: await freePort(),
    gateway: await freePort(),
  };
  const url = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  const settings = { chillybin: { ...env.chillybin }, jafflr: { ...env.jafflr }, gateway: { ...env.gateway } };
  let dbNames = { chillybin: uniqueDbName('chillybin'), jafflr: uniqueDbName('jafflr') };
  let devdb: DevDb | undefined;
  const services: Partial<Record<ServiceName, RunningService>> = {};
  // Starts under way, so that close() can wait for them and kill what they started.
  const starting = new Set<Promise<unknown>>();
  let closed = false;
  let mongo: MongoClient | undefined;

  function track<T>(start: Promise<T>): Promise<T> {
    starting.add(start);
    void start.then(
      () => starting.delete(start),
      () => starting.delete(start),
    );
    return start;
  }

  const envOf = (name: ServiceName): Record<string, string> => {
    const database = { MONGODB_URI: `mongodb://127.0.0.1:${ports.db}/` };
    if (name === 'chillybin') return { ...database, CHILLYBIN_DB: dbNames.chillybin, ...settings.chillybin };
    if (name === 'jafflr') {
      return {
        ...database,
        JAFFLR_DB: dbNames.jafflr,
        CHILLYBIN_URL: `${url('chillybin')}/graphql`,
        ...settings.jafflr,
      };
    }
    return {
      CHILLYBIN_URL: `${url('chillybin')}/graphql`,
      JAFFLR_URL: `${url('jafflr')}/graphql`,
      ...settings.gateway,
    };
  };

  async function launch(name: ServiceName): Promise<void> {
    if (closed) throw new Error(`not starting ${name}: the system is closed`);
    services[name] = await track(startService(name, ports[name], envOf(name)));
  }

  async function launchDatabase(): Promise<void> {
    if (closed) throw new Error('not starting the database: the system is closed');
    devdb = await track(startDevDb({ dataDir, port: ports.db }));
  }

  async function allReady(signal?: AbortSignal): Promise<void> {
    for (const name of ['chillybin', 'jafflr', 'gateway'] as const) {
      // The services notice a restarted database through their own driver monitors.
      await eventually(`${name} answers /ready`, async () => ((await isReady(url(name))) ? true : undefined), {
        timeoutMs: 45_000,
        signal,
      });
    }
  }

  function processOf(victim: Victim): { child: ChildProcess; exited: Promise<unknown> } {
    if (victim === 'database') {
      if (!devdb) throw new Error('the database is not running');
      return { child: devdb.process, exited: devdb.exited };
    }
    const service = services[victim];
    if (!service) throw new Error(`${victim} is not running`);
    return service;
  }

  async function killNow(victims: Victim[]): Promise<void> {
    const targets = victims.map(processOf);
    for (const { child } of targets) child.kill('SIGKILL');
    await Promise.all(targets.map(({ exited }) => exited));
    for (const victim of victims) {
      if (victim === 'database') devdb = undefined;
      else delete services[victim];
    }
  }

  const gateway = new GraphQLClient(`${url('gateway')}/graphql`);
  const admin = new GraphQLClient(`${url('gateway')}/graphql`, adminHeaders);

  const system: CrashableSystem = {
    gateway,
    steps: toastieSteps(() => ({ gateway, admin })),
    dbs: () => ({ chillybin: mongo!.db(dbNames.chillybin), jafflr: mongo!.db(dbNames.jafflr) }),

    async kill(victims, signal) {
      signal?.throwIfAborted();
      await killNow(victims);
    },

    async restart(victims, signal) {
      signal?.throwIfAborted();
      if (victims.includes('database')) await launchDatabase();
      const services = victims.filter((v): v is 'chillybin' | 'jafflr' => v !== 'database');
      await Promise.all(services.map(launch));
      await allReady(signal);
    },

    async reconfigureJafflr(jafflrEnv) {
      const jafflr = settings.jafflr as Record<string, string>;
      if (Object.entries(jafflrEnv).every(([name, value]) => jafflr[name] === value)) return;
      Object.assign(jafflr, jafflrEnv);
      await services.jafflr?.stop();
      delete services.jafflr;
      await launch('jafflr');
    },

    async recover() {
      await killNow((['chillybin', 'jafflr'] as const).filter((name) => services[name]));
      if (!devdb) await launchDatabase();
      dbNames = { chillybin: uniqueDbName('chillybin'), jafflr: uniqueDbName('jafflr') };
      await launch('chillybin');
      await launch('jafflr');
      if (!services.gateway) await launch('gateway');
      await allReady();
    },

    logTail(name, lines) {
      return services[name]?.logs.slice(-lines) ?? [];
    },

    async close() {
      closed = true;
      await Promise.allSettled([...starting]);
      const running = [...Object.values(services), ...(devdb ? [{ child: devdb.process, exited: devdb.exited }] : [])];
      for (const { child } of running) child.kill('SIGKILL');
      await Promise.all(running.map(({ exited }) => exited));
      await mongo?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  try {
    await launchDatabase();
    mongo = await connectMongo({ uri: devdb!.uri, timeoutMs: 2000, appName: 'crash-test' });
    for (const name of ['chillybin', 'jafflr', 'gateway'] as const) await launch(name);
  } catch (err) {
    await system.close();
    throw err;
  }
  return system;
}
