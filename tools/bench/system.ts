import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';
import { startDevDb, type DevDb } from '../dev/devdb.js';
import { repoRoot, startServiceProcess, type ServiceProcess } from '../dev/serviceProcess.js';
import { freePort } from '../dev/freePort.js';
import { readManifests } from '../../gateway/src/persistedOperations/manifest.js';
import { startHiveGateway, withRoutingUrls, type HiveGateway } from './hiveGateway.js';
import { PERSISTED_OPERATIONS_DIR } from './traffic.js';

export interface BenchSystem {
  mongodbUri: string;
  dbNames: { chillybin: string; jafflr: string };
  urls: { chillybin: string; jafflr: string; gateway: string; hive: string; hiveRust: string; variant: string };
  /** What a client must send to call a subgraph directly, as the gateways do. */
  subgraphHeaders: Record<string, string>;
  adminToken: string;
  /** Process ids by name, for the memory sampler. */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** Where each of our services writes a CPU profile (node --cpu-prof), in a folder of its own. */
  cpuProfDir?: string;
  gatewayEntry?: string;
  /** A second gateway process from another entry point, to compare with ours. */
  variantEntry?: string;
  /** Node's flags for the variant alone. */
  variantNodeArgs?: string[];
  /** Hive Gateway (twice: its JavaScript query planner, and the Rust one) is only needed for the comparisons. */
  withHive: boolean;
}

/**
 * Everything the benchmark measures, each as its own process as in
 * production: a fresh devdb, chillybin, jafflr (cooking instantly), our
 * gateway and Hive Gateway on the same subgraphs.
 */
export async function startBenchSystem({
  cpuProfDir,
  gatewayEntry,
  variantEntry,
  variantNodeArgs = [],
  withHive,
}: SystemOptions): Promise<BenchSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'toasties-bench-'));
  const running: { stop(): Promise<unknown> }[] = [];
  let devdb: DevDb | undefined;
  const stop = async () => {
    for (const service of running.reverse()) await service.stop();
    await devdb?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    devdb = await startDevDb({ dataDir, port: 0 });
    const dbNames = { chillybin: 'bench_chillybin', jafflr: 'bench_jafflr' };
    const ports = { chillybin: await freePort(), jafflr: await freePort(), gateway: await freePort() };
    const urls = {
      chillybin: `http://127.0.0.1:${ports.chillybin}/graphql`,
      jafflr: `http://127.0.0.1:${ports.jafflr}/graphql`,
      gateway: `http://127.0.0.1:${ports.gateway}/graphql`,
      hive: '',
      hiveRust: '',
      variant: '',
    };
    const secrets = { subgraph: randomBytes(24).toString('hex'), admin: randomBytes(24).toString('hex') };
    const shared = {
      SUBGRAPH_SECRET: secrets.subgraph,
      ADMIN_TOKEN: secrets.admin,
      MONGODB_URI: devdb.uri,
      CHILLYBIN_DB: dbNames.chillybin,
      JAFFLR_DB: dbNames.jafflr,
      CHILLYBIN_URL: urls.chillybin,
      JAFFLR_URL: urls.jafflr,
      CHILLYBIN_PORT: String(ports.chillybin),
      JAFFLR_PORT: String(ports.jafflr),
      GATEWAY_PORT: String(ports.gateway),
      HOST: '127.0.0.1',
      COOK_TIME_SCALE: '0',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    };
    const pids: Record<string, number> = { devdb: devdb.process.pid! };
    const start = async (
      name: 'chillybin' | 'jafflr' | 'gateway',
      entryPoint?: string,
      as: { label: string; port: number } = { label: name, port: ports[name] },
      flags: string[] = [],
    ) => {
      const nodeArgs = [...flags, ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', join(cpuProfDir, as.label)] : [])];
      const service: ServiceProcess = await startServiceProcess({
        name,
        port: as.port,
        env: { ...shared, GATEWAY_PORT: name === 'gateway' ? String(as.port) : shared.GATEWAY_PORT },
        output: 'inherit',
        nodeArgs,
        entryPoint,
      });
      running.push(service);
      pids[as.label] = service.child.pid!;
    };
    await start('chillybin');
    await start('jafflr');
    await start('gateway', gatewayEntry);
    if (variantEntry) {
      const port = await freePort();
      await start('gateway', variantEntry, { label: 'variant', port }, variantNodeArgs);
      urls.variant = `http://127.0.0.1:${port}/graphql`;
    }

    if (withHive) {
      const supergraphSdl = withRoutingUrls(readFileSync(join(repoRoot, 'supergraph.graphql'), 'utf8'), {
        chillybin: urls.chillybin,
        jafflr: urls.jafflr,
      });
      const persistedDocuments = Object.fromEntries(readManifests(PERSISTED_OPERATIONS_DIR).bodies);
      for (const [label, routerRuntime] of [
        ['hive', false],
        ['hiveRust', true],
      ] as const) {
        const hive: HiveGateway = await startHiveGateway({
          supergraphSdl,
          supergraphFile: join(dataDir, `${label}.supergraph.graphql`),
          configFile: join(dataDir, `${label}.gateway.config.mjs`),
          subgraphSecret: secrets.subgraph,
          port: await freePort(),
          routerRuntime,
          persistedDocuments,
        });
        running.push(hive);
        pids[label === 'hive' ? 'hive' : 'hive-rust'] = hive.pid;
        urls[label] = hive.url;
      }
    }
    return {
      mongodbUri: devdb.uri,
      dbNames,
      urls,
      subgraphHeaders: { [SUBGRAPH_SECRET_HEADER]: secrets.subgraph },
      adminToken: secrets.admin,
      pids,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
