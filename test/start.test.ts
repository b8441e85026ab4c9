import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../tools/dev/freePort.js';
import { repoRoot } from '../tools/dev/serviceProcess.js';
import { GraphQLClient } from './support/graphqlClient.js';

// `npm start` as a developer runs it: a real process tree (devdb and three
// services), stopped by a Ctrl-C to its process group.

interface Started {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  /** Resolves once a line matches, or rejects if the process ends first. */
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

describe('npm start', () => {
  it('starts devdb and the three services, serves a toastie, and Ctrl-C leaves nothing running', async () => {
    const ports = { CHILLYBIN_PORT: await freePort(), JAFFLR_PORT: await freePort(), GATEWAY_PORT: await freePort() };
    const dataDir = mkdtempSync(join(tmpdir(), 'toasties-start-'));
    const started = startNpmStart({
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      DEVDB_DATA: dataDir,
    });
    const pid = started.child.pid!;
    let children: { pid: number; command: string }[] = [];
    cleanups.push(() => {
      if (isRunning(pid)) process.kill(-pid, 'SIGKILL');
      for (const c of children) if (isRunning(c.pid)) process.kill(c.pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    });

    await started.line(/^Ready\./, 150_000);
    children = childrenOf(pid);
    // tsx may also run an esbuild helper under the orchestrator; it must end too, but is no service.
    expect(
      children
        .map((c) => c.command)
        .filter((c) => c !== 'esbuild')
        .sort(),
    ).toEqual(['devdb', 'node', 'node', 'node']);

    const gateway = new GraphQLClient(`http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`);
    const { makeToastie } = await gateway.data<{ makeToastie: { id: string; ingredients: { name: string }[] } }>(
      `mutation { makeToastie(input: { ingredients: ["cheese"] }) { id ingredients { name } } }`,
    );
    expect(makeToastie.ingredients.map((i) => i.name)).toEqual(['cheese', 'bread', 'bread']);

    process.kill(-pid, 'SIGINT');

    expect(await started.exited, started.output.join('\n')).toBe(0);
    await expect.poll(() => children.filter((c) => isRunning(c.pid)), { timeout: 5000 }).toEqual([]);
    for (const port of Object.values(ports)) {
      await expect(fetch(`http://127.0.0.1:${port}/health`), `port ${port}`).rejects.toThrow();
    }
  });

  it('stops at a configuration error with a message naming it, starting nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'toasties-start-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const started = startNpmStart({ CHILLYBIN_PORT: 'abc', DEVDB_DATA: dataDir });

    expect(await started.exited).toBe(1);
    expect(started.output.join('\n')).toMatch(/Invalid configuration:\n\s+- CHILLYBIN_PORT: .*"abc"/);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
