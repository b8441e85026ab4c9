import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';
import { eventually } from '../dev/eventually.js';
import { spawnOwned } from '../dev/ownedProcess.js';

export interface HiveGateway {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The supergraph with its routing URLs replaced, so Hive Gateway calls the very
 * subgraph processes our gateway calls (our gateway takes them from env instead).
 */
export function withRoutingUrls(supergraphSdl: string, urls: Record<string, string>): string {
  return supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole,
  );
}

function hiveGatewayBin(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@graphql-hive/gateway/package.json');
  const { bin } = require(packageJson) as { bin: Record<string, string> };
  return join(dirname(packageJson), bin['hive-gateway']!);
}

/**
 * Its config: it sends the subgraph secret, as our gateway does, and knows the
 * persisted operations our gateway knows (by hash, Apollo's format) while
 * taking any other document, as our gateway does outside `enforce`.
 */
export function hiveConfig(persistedDocuments: Record<string, string>): string {
  return `const documents = new Map(Object.entries(${JSON.stringify(persistedDocuments)}));
export const gatewayConfig = {
  propagateHeaders: { fromClientToSubgraphs: () => ({ '${SUBGRAPH_SECRET_HEADER}': process.env.SUBGRAPH_SECRET }) },
  persistedDocuments: { getPersistedOperation: (key) => documents.get(key) ?? null, allowArbitraryDocuments: true },
};
`;
}

/**
 * Hive Gateway's CLI on a supergraph file, one process (no forks), ready once
 * it answers a query: with its JavaScript query planner, or with Hive Router's
 * Rust one (`--hive-router-runtime`, from @graphql-hive/router-runtime).
 */
export async function startHiveGateway({
  supergraphSdl,
  supergraphFile,
  configFile,
  subgraphSecret,
  port,
  routerRuntime,
  persistedDocuments,
}: {
  supergraphSdl: string;
  supergraphFile: string;
  /** Where to write its config: it sends the subgraph secret, as our gateway does. */
  configFile: string;
  subgraphSecret: string;
  port: number;
  routerRuntime: boolean;
  /** Persisted operations' documents by hash. */
  persistedDocuments: Record<string, string>;
}): Promise<HiveGateway> {
  writeFileSync(supergraphFile, supergraphSdl);
  writeFileSync(configFile, hiveConfig(persistedDocuments));
  const { child, exited } = spawnOwned(
    process.execPath,
    [
      hiveGatewayBin(),
      'supergraph',
      supergraphFile,
      '-c',
      configFile,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--fork',
      '1',
      ...(routerRuntime ? ['--hive-router-runtime'] : []),
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error', SUBGRAPH_SECRET: subgraphSecret },
    },
  );
  const url = `http://127.0.0.1:${port}/graphql`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const exitedEarly = new AbortController();
  void exited.then(() =>
    exitedEarly.abort(new Error(`Hive Gateway exited with code ${child.exitCode} before it was ready`)),
  );
  try {
    await eventually(`Hive Gateway answering at ${url}`, async () => ((await answers(url)) ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 200,
      signal: exitedEarly.signal,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid!, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ stock { name } }"}',
      signal: AbortSignal.timeout(2000),
    });
    const body = (await response.json()) as { data?: unknown };
    return response.ok && Boolean(body.data);
  } catch {
    return false;
  }
}
