import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The README says Node 20.19 is enough and explains the EBADENGINE warnings
// `npm ci` prints on it. This keeps both true: every package that declares a
// newer Node is a development tool's, never one a service installs in
// production, and they are the ones the README names.

const NODE = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    engines: { node: string };
  }
).engines.node;
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }>;
};

/** The packages whose declared Node range leaves out the oldest Node our own `engines` allows. */
const newerNode = Object.entries(lock.packages)
  .filter(([path]) => path !== '')
  .flatMap(([path, entry]) => {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    const oldest = semver.minVersion(NODE)!;
    if (!range || semver.satisfies(oldest, range)) return [];
    return [{ name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), dev: entry.dev === true }];
  });

describe(`packages that want more than Node ${NODE}`, () => {
  it('are development tools only: a production install (npm ci --omit=dev) needs nothing newer', () => {
    expect(newerNode.filter((p) => !p.dev)).toEqual([]);
  });

  it("are the ones the README names as the source of npm ci's EBADENGINE warnings", () => {
    const named = [...new Set(newerNode.map((p) => p.name))].sort();
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = /EBADENGINE[\s\S]*?\n\n/.exec(readme)?.[0] ?? '';
    for (const name of named) expect(section, name).toContain(`\`${name}\``);
    expect(named.length).toBeGreaterThan(0);
  });
});
