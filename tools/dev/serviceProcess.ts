import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { eventually } from './eventually.js';
import { spawnOwned } from './ownedProcess.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Each service's process entry point, relative to the repository root. */
export const entryPoints = {
  chillybin: 'subgraphs/chillybin/src/index.ts',
  jafflr: 'subgraphs/jafflr/src/index.ts',
  gateway: 'gateway/src/index.ts',
} as const;

export type ServiceName = keyof typeof entryPoints;

export interface ServiceProcess {
  name: ServiceName;
  /** Base URL, such as http://127.0.0.1:4001 */
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM, then wait for the exit; SIGKILL if it takes longer than `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface StartOptions {
  name: ServiceName;
  port: number;
  env: Record<string, string | undefined>;
  /** Where the process's stdout and stderr go; by default they are inherited. */
  output?: 'inherit' | 'ignore' | 'pipe';
  /** Each line of stdout, from the first, in place of `output` for stdout (`npm start` formats its services' logs). */
  onStdoutLine?: (line: string) => void;
  readyTimeoutMs?: number;
  /** Extra flags for node itself, such as `--cpu-prof` (the benchmark uses these). */
  nodeArgs?: string[];
  /** Another entry point than the service's own, relative to the repository root. */
  entryPoint?: string;
}

/**
 * Starts a service as its own Node process and resolves once its /ready
 * endpoint answers 200, polling it: readiness, never a fixed sleep.
 */
export async function startServiceProcess({
  name,
  port,
  env,
  output = 'inherit',
  onStdoutLine,
  readyTimeoutMs = 30_000,
  nodeArgs = [],
  entryPoint = entryPoints[name],
}: StartOptions): Promise<ServiceProcess> {
  // Stopped by its parent in order: gateway first, chillybin last.
  const { child, exited } = spawnOwned(process.execPath, [...nodeArgs, '--import', 'tsx', entryPoint], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', onStdoutLine ? 'pipe' : output, output],
  });
  if (onStdoutLine) createInterface({ input: child.stdout! }).on('line', onStdoutLine);
  const url = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = {
    name,
    url,
    child,
    exited,
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };

  const exitedEarly = new AbortController();
  void exited.then((code) => exitedEarly.abort(new Error(`${name} exited with code ${code} before it was ready`)));
  try {
    await eventually(`${name} ready at ${url}/ready`, async () => ((await isReady(url)) ? true : undefined), {
      timeoutMs: readyTimeoutMs,
      intervalMs: 100,
      signal: exitedEarly.signal,
    });
  } catch (err) {
    await service.stop();
    throw err;
  }
  return service;
}

export async function isReady(baseUrl: string): Promise<boolean> {
  try {
    // undici's request, not fetch: fetch refuses ports on the WHATWG "bad ports" list (6000, 6665, ...).
    const { statusCode, body } = await request(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2000) });
    await body.dump();
    return statusCode === 200;
  } catch {
    return false;
  }
}
