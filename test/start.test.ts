import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../tools/dev/eventually.js';
import { freePort } from '../tools/dev/freePort.js';
import { repoRoot } from '../tools/dev/serviceProcess.js';
import { GraphQLClient } from './support/graphqlClient.js';

// `npm start` as a developer runs it: a real process tree (devdb and three
// services), stopped by a Ctrl-C to its process group.

interface Started {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  /** Resolves with the first line that matches, seen already or still to come; rejects if the process ends first. */
  line(pattern: RegExp, timeoutMs: number): Promise<string>;
}

function startNpmStart(env: Record<string, string>): Started {
  const { MONGODB_URI: _uri, CHILLYBIN_URL: _c, JAFFLR_URL: _j, DEVDB_PORT: _d, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/dev/start.ts'], {
    cwd: repoRoot,
    // NODE_ENV as a developer has it, not vitest's `test`, which changes how Apollo handles signals.
    env: { ...inherited, NODE_ENV: 'development', LOG_LEVEL: 'warn', COOK_TIME_SCALE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as in a terminal, where Ctrl-C signals the whole group.
    detached: true,
  });
  const output: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) waiter.resolve(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output,
    exited,
    line: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const seen = output.find((line) => pattern.test(line));
        if (seen !== undefined) return resolve(seen);
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output.join('\n')}`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then((code) =>
          reject(new Error(`npm start exited (${code}) before ${pattern}:\n${output.join('\n')}`)),
        );
      }),
  };
}

function childrenOf(pid: number): { pid: number; command: string }[] {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return listing
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, command] = line.trim().split(/\s+/);
      return { pid: Number(pid), command: command! };
    });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

/** The start of a run: free ports, a data folder of its own, and cleanup of whatever is left. */
async function startOnFreePorts(env: Record<string, string> = {}) {
  const ports = { CHILLYBIN_PORT: await freePort(), JAFFLR_PORT: await freePort(), GATEWAY_PORT: await freePort() };
  const dataDir = mkdtempSync(join(tmpdir(), 'toasties-start-'));
  const started = startNpmStart({
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    DEVDB_DATA: dataDir,
    ...env,
  });
  const pid = started.child.pid!;
  const run = { started, pid, ports, children: [] as { pid: number; command: string }[] };
  cleanups.push(() => {
    if (isRunning(pid)) process.kill(-pid, 'SIGKILL');
    for (const c of run.children) if (isRunning(c.pid)) process.kill(c.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return run;
}

/** Where the first line matching each pattern is in the output, -1 when none does. */
function positions(output: string[], patterns: RegExp[]): number[] {
  return patterns.map((pattern) => output.findIndex((line) => pattern.test(line)));
}

describe('npm start', () => {
  it('starts devdb and the three services, serves a toastie, and Ctrl-C leaves nothing running', async () => {
    const run = await startOnFreePorts({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' });
    const { started, pid, ports } = run;

    await started.line(/^Ready\./, 150_000);
    run.children = childrenOf(pid);
    // tsx may also run an esbuild helper under the orchestrator; it must end too, but is no service.
    expect(
      run.children
        .map((c) => c.command)
        .filter((c) => c !== 'esbuild')
        .sort(),
    ).toEqual(['devdb', 'node', 'node', 'node']);

    // What a person opens comes first; the subgraphs, which refuse a browser, last and marked internal.
    const order = positions(started.output, [
      /^gateway {5}http:\/\/127\.0\.0\.1:\d+\/graphql$/,
      /^kiosk {7}http:\/\/127\.0\.0\.1:\d+\/kiosk$/,
      /^admin {7}authorization: Bearer \S+/,
      /^internal, called by the gateway only/,
      /^chillybin {3}http:\/\/127\.0\.0\.1:\d+\/graphql$/,
      /^jafflr {6}http:\/\/127\.0\.0\.1:\d+\/graphql$/,
      /^database {4}mongodb:\/\//,
      /^Ready\. Ctrl-C stops everything\.$/,
    ]);
    expect(
      order.every((at) => at >= 0),
      started.output.join('\n'),
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // The services' logs, pretty: time, level, service, message; no raw JSON.
    expect(started.output).toContainEqual(
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: gateway {3}gateway ready at http:\/\/127\.0\.0\.1:\d+/),
    );
    expect(started.output.filter((line) => line.startsWith('{'))).toEqual([]);

    const gateway = new GraphQLClient(`http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`);
    // A kiosk poll, then an order: only the order gets a line at info.
    await gateway.data(`query Stock { stock { name } }`);
    const { makeToastie } = await gateway.data<{ makeToastie: { id: string; ingredients: { name: string }[] } }>(
      `mutation MakeToastie { makeToastie(input: { ingredients: ["cheese"] }) { id ingredients { name } } }`,
    );
    expect(makeToastie.ingredients.map((i) => i.name)).toEqual(['cheese', 'bread', 'bread']);
    await started.line(/INFO: gateway .*graphql operation .*"operation":"MakeToastie"/, 10_000);
    expect(started.output.filter((line) => line.includes('"operation":"Stock'))).toEqual([]);

    process.kill(-pid, 'SIGINT');

    expect(await started.exited, started.output.join('\n')).toBe(0);
    expect(started.output).toContain('Stopping gateway, jafflr, chillybin, then the database; Ctrl-C again to force.');
    expect(started.output.at(-1)).toBe('Everything stopped.');
    await expect.poll(() => run.children.filter((c) => isRunning(c.pid)), { timeout: 5000 }).toEqual([]);
    for (const port of Object.values(ports)) {
      await expect(fetch(`http://127.0.0.1:${port}/health`), `port ${port}`).rejects.toThrow();
    }
  });

  it('a second Ctrl-C while stopping kills what is left, says so, and leaves nothing running', async () => {
    // Cooking for real, so that a toastie in the oven keeps the services draining for seconds.
    const run = await startOnFreePorts({ COOK_TIME_SCALE: '1' });
    const { started, pid, ports } = run;
    await started.line(/^Ready\./, 150_000);
    run.children = childrenOf(pid);
    const gateway = new GraphQLClient(`http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`);
    // Answered or cut off by the kill; either way not waited for.
    const burnt = gateway
      .request(`mutation { makeToastie(input: { fillings: ["cheese"], doneness: BURNT }) { id } }`)
      .catch(() => undefined);
    await eventually('the machine is toasting', async () => {
      const { status } = await gateway.data<{ status: string }>(`{ status }`);
      return status === 'TOASTING' ? true : undefined;
    });

    process.kill(-pid, 'SIGINT');
    await started.line(/^Stopping gateway/, 10_000);
    process.kill(-pid, 'SIGINT');

    expect(await started.exited, started.output.join('\n')).toBe(1);
    expect(started.output).toContain('Forcing: killing whatever is still running.');
    expect(started.output.at(-1)).toBe('Everything stopped (forced).');
    await expect.poll(() => run.children.filter((c) => isRunning(c.pid)), { timeout: 5000 }).toEqual([]);
    await burnt;
  });

  it('stops at a configuration error with a message naming it, starting nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'toasties-start-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const started = startNpmStart({ CHILLYBIN_PORT: 'abc', DEVDB_DATA: dataDir });

    expect(await started.exited).toBe(1);
    expect(started.output.join('\n')).toMatch(/Invalid configuration for npm start:\n\s+- CHILLYBIN_PORT: .*"abc"/);
    expect(started.output).not.toContain('Everything stopped.');
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
