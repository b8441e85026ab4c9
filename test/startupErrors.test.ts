import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../tools/dev/freePort.js';
import { repoRoot } from '../tools/dev/serviceProcess.js';

// A newcomer's first failures, as the real entry points print them: each
// names the service or tool, what it tried, and what to do, with no stack.

const run = promisify(execFile);

/** The environment without anything a developer's shell or the test run sets for the database. */
function cleanEnv(env: Record<string, string>): Record<string, string | undefined> {
  const { MONGODB_URI: _uri, DEVDB_PORT: _port, NODE_ENV: _nodeEnv, ...inherited } = process.env;
  return { ...inherited, ...env };
}

async function runEntry(entry: string, env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, ['--import', 'tsx', entry], { cwd: repoRoot, env: cleanEnv(env), timeout: 60_000 });
    return { code: 0, stderr: '' };
  } catch (err) {
    const { code, stderr } = err as { code: number; stderr: string };
    return { code, stderr };
  }
}

const closers: (() => void)[] = [];
afterAll(() => {
  for (const close of closers) close();
});

/** A port something already listens on. */
async function busyPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return (server.address() as { port: number }).port;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'toasties-startup-'));
  closers.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const cases: { name: string; entry: string; env: () => Promise<Record<string, string>>; says: RegExp }[] = [
  {
    name: 'db:setup without MONGODB_URI',
    entry: 'subgraphs/chillybin/src/db/setupMain.ts',
    env: async () => ({}),
    says: /^Invalid configuration for npm run db:setup \(chillybin\):\n {2}- MONGODB_URI: is required \(not set\); start a database with `npm run devdb` and set MONGODB_URI to the URI it prints/,
  },
  {
    name: 'db:setup with the database down',
    entry: 'subgraphs/jafflr/src/db/setupMain.ts',
    env: async () => ({ MONGODB_URI: `mongodb://127.0.0.1:${await freePort()}`, DB_TIMEOUT_MS: '300' }),
    says: /^jafflr-setup could not reach its database at mongodb:\/\/127\.0\.0\.1:\d+ within 300 ms \(connect ECONNREFUSED [^)]*\)\. Start one with `npm run devdb`/,
  },
  {
    name: 'a service without MONGODB_URI',
    entry: 'subgraphs/jafflr/src/index.ts',
    env: async () => ({}),
    says: /^Invalid configuration for jafflr:\n {2}- MONGODB_URI: is required \(not set\); start a database with `npm run devdb`/,
  },
  {
    name: 'a service with the database down',
    entry: 'subgraphs/chillybin/src/index.ts',
    env: async () => ({ MONGODB_URI: `mongodb://127.0.0.1:${await freePort()}`, DB_TIMEOUT_MS: '300' }),
    says: /^chillybin could not reach its database at mongodb:\/\/127\.0\.0\.1:\d+ within 300 ms .*`npm run devdb`/,
  },
  {
    name: 'the gateway in production without its secrets',
    entry: 'gateway/src/index.ts',
    env: async () => ({ NODE_ENV: 'production' }),
    says: /^Invalid configuration for gateway:\n {2}- SUBGRAPH_SECRET: is required in production \(not set\); set it to a random string/,
  },
  {
    name: 'npm run devdb on a port in use',
    entry: 'tools/dev/devdbMain.ts',
    env: async () => ({ DEVDB_PORT: String(await busyPort()), DEVDB_DATA: tempDir() }),
    says: /npm run devdb could not listen on 127\.0\.0\.1:\d+: something else listens there\. If it is a MongoDB of your own, use it \(MONGODB_URI=mongodb:\/\/127\.0\.0\.1:\d+\); otherwise stop it, or set DEVDB_PORT/,
  },
  {
    name: 'npm run devdb with a bad port',
    entry: 'tools/dev/devdbMain.ts',
    env: async () => ({ DEVDB_PORT: 'mongo' }),
    says: /^Invalid configuration for npm run devdb:\n {2}- DEVDB_PORT: .*\(got "mongo"\)/,
  },
];

describe('a start-up failure, as printed', () => {
  it.each(cases)('$name', async ({ entry, env, says }) => {
    const { code, stderr } = await runEntry(entry, await env());
    expect(code).toBe(1);
    expect(stderr).toMatch(says);
    expect(stderr, 'no stack').not.toMatch(/^\s+at /m);
  });
});
