import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/dev/serviceProcess.js';

// The gateway has no database: nothing it imports may load the MongoDB driver
// (its error classification lives in platform/mongoErrors.ts, which only the
// subgraphs use). Each row imports modules in a fresh Node process, as
// `npm run start:gateway` would, and lists the driver's files then loaded.

const run = promisify(execFile);

const LIST_DRIVER_FILES = `
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
for (const module of process.argv.slice(1)) await import(pathToFileURL(module).href);
const loaded = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify(loaded.filter((file) => file.includes('/node_modules/mongodb/'))));
`;

async function driverFilesLoadedBy(modules: string[]): Promise<string[]> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', LIST_DRIVER_FILES, ...modules],
    {
      cwd: repoRoot,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
}

const cases = [
  {
    name: "everything the gateway's entry point imports",
    modules: [
      'gateway/src/server.ts',
      'gateway/src/config.ts',
      'platform/runService.ts',
      'platform/logger.ts',
      'platform/version.ts',
    ],
    loadsDriver: false,
  },
  // The check itself: it sees the driver where it is loaded.
  { name: "chillybin's server", modules: ['subgraphs/chillybin/src/server.ts'], loadsDriver: true },
];

describe('the MongoDB driver', () => {
  it.each(cases)('$name: loaded $loadsDriver', async ({ modules, loadsDriver }) => {
    const files = await driverFilesLoadedBy(modules);
    expect(files.length > 0).toBe(loadsDriver);
  });
});
