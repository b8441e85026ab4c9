import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../tools/dev/freePort.js';
import { repoRoot } from '../../tools/dev/serviceProcess.js';

// What a person sees when a process entry point fails to start: a known
// start-up failure as its message alone, anything else with its stack. Each
// row runs `main` in a fresh Node process, as `npm start` would.

const run = promisify(execFile);

const FAIL_TO_START = `
import { pathToFileURL } from 'node:url';
const load = (module) => import(pathToFileURL(module).href);
const { main } = await load('platform/runService.ts');
const { ConfigError } = await load('platform/config.ts');
const { connectMongo } = await load('platform/mongo.ts');
const failures = {
  config: async () => { throw new ConfigError(['CHILLYBIN_PORT: must be a number (got "abc")']); },
  database: () => connectMongo({ uri: process.argv[2], timeoutMs: 300, appName: 'chillybin' }),
  bug: async () => { null.port; },
};
main(failures[process.argv[1]]);
`;

async function failToStart(failure: string, arg = ''): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', FAIL_TO_START, failure, arg], {
      cwd: repoRoot,
    });
    return { code: 0, stderr: '' };
  } catch (err) {
    const { code, stderr } = err as { code: number; stderr: string };
    return { code, stderr };
  }
}

const cases: {
  name: string;
  failure: string;
  arg?: () => Promise<string>;
  says: RegExp;
  stack: boolean;
  hides?: string;
}[] = [
  {
    name: 'a bad setting: the message alone',
    failure: 'config',
    says: /^Invalid configuration:\n {2}- CHILLYBIN_PORT: must be a number \(got "abc"\)\n$/,
    stack: false,
  },
  {
    name: 'a database out of reach: which service, where, what to do, and no password',
    failure: 'database',
    arg: async () => `mongodb://toastie:hunter2@127.0.0.1:${await freePort()}/`,
    says: /^chillybin could not reach its database at mongodb:\/\/…@127\.0\.0\.1:\d+\/ within 300 ms .*npm run devdb/s,
    stack: false,
    hides: 'hunter2',
  },
  {
    name: 'anything else: in full, with its stack',
    failure: 'bug',
    says: /TypeError: Cannot read properties of null \(reading 'port'\)/,
    stack: true,
  },
];

describe('main, when the entry point fails', () => {
  it.each(cases)('$name', async ({ failure, arg, says, stack, hides }) => {
    const { code, stderr } = await failToStart(failure, arg ? await arg() : '');
    expect(code).toBe(1);
    expect(stderr).toMatch(says);
    expect(/^\s+at /m.test(stderr)).toBe(stack);
    if (hides) expect(stderr).not.toContain(hides);
  });
});
