import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_ASSETS } from '../tools/build/runtimeAssets.js';
import { repoRoot } from '../tools/dev/serviceProcess.js';
import { effectiveInstructions, readCompose, readDockerfile } from './support/deployFiles.js';

// The Dockerfile against what the compiled services need: the build is run for
// real into a temporary folder, then each image's entry point and every file
// that entry point reads at run time must be there.

const stages = readDockerfile();
const compose = readCompose();
const targets = Object.entries(compose.services)
  .filter(([, service]) => service.build)
  .map(([name, service]) => ({ name, target: service.build!.target ?? '' }));

const execFileAsync = promisify(execFile);

/** Runs a build step; a failure shows what the tool printed (tsc prints its errors on stdout). */
async function run(command: string, commandArgs: string[], options: { cwd: string }): Promise<void> {
  try {
    await execFileAsync(command, commandArgs, options);
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`${commandArgs.join(' ')} failed:\n${stdout}${stderr}`, { cause: err });
  }
}
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'toasties-build-'));
  // The steps of `npm run build`, into outDir instead of dist/.
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: repoRoot });
  await run(process.execPath, ['--import', 'tsx', 'tools/build/copyAssets.ts', outDir], { cwd: repoRoot });
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Every module an entry point loads from the build, and every file they read through import.meta.url. */
function runtimeFiles(entry: string): { modules: string[]; reads: string[] } {
  const modules = new Set<string>();
  const reads = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    if (!existsSync(file)) return;
    const code = readFileSync(file, 'utf8');
    // Static imports, and the dynamic ones by which an entry point loads its service once tracing has started.
    for (const [, spec] of code.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)) {
      visit(resolve(dirname(file), spec!));
    }
    for (const [, spec] of code.matchAll(/new URL\('([^']+)', import\.meta\.url\)/g))
      reads.add(resolve(dirname(file), spec!));
  };
  visit(entry);
  return { modules: [...modules], reads: [...reads] };
}

function args(stage: string, keyword: string): string[] {
  return effectiveInstructions(stages, stage)
    .filter((i) => i.keyword === keyword)
    .map((i) => i.args);
}

describe('Dockerfile', () => {
  it('builds the compiled code in a build stage and runs `npm run build` there', () => {
    expect(args('build', 'RUN')).toContain('npm run build');
    const pkg = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toMatch(/tsc -p tsconfig\.build\.json/);
    expect(pkg.scripts.build).toMatch(/tools\/build\/copyAssets\.ts/);
  });

  it('copies into the build stage everything the build reads', () => {
    const tsconfig = JSON.parse(readFileSync(`${repoRoot}tsconfig.build.json`, 'utf8')) as { include: string[] };
    const needed = [
      ...tsconfig.include.map((p) => p.split('/')[0]!),
      ...RUNTIME_ASSETS,
      'tools/build/copyAssets.ts',
      'tools/build/runtimeAssets.ts',
      'tsconfig.json',
      'package-lock.json',
    ];
    const copied = args('build', 'COPY').flatMap((a) => a.split(/\s+/).slice(0, -1));
    const ignored = readFileSync(`${repoRoot}.dockerignore`, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    for (const path of needed) {
      expect(
        copied.some((source) => path === source || path.startsWith(`${source}/`)),
        path,
      ).toBe(true);
      expect(
        ignored.some((pattern) => path === pattern || path.startsWith(`${pattern}/`)),
        path,
      ).toBe(false);
    }
  });

  it.each(targets)('$name image: production dependencies only, not root, the build output copied', ({ target }) => {
    expect(args(target, 'RUN').some((a) => /npm ci --omit=dev/.test(a))).toBe(true);
    const users = args(target, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(args(target, 'COPY')).toContain('--from=build /app/dist ./dist');
    expect(stages.find((s) => s.name === 'runtime')?.from).toMatch(/^node:20-slim/);
  });

  it.each(targets)('$name image: its entry point and every file it reads are in the build', ({ name, target }) => {
    const cmd = JSON.parse(args(target, 'CMD').at(-1) ?? '[]') as string[];
    expect(cmd[0]).toBe('node');
    const entry = cmd[1]!;
    expect(entry).toMatch(new RegExp(`^dist/.*${name}/src/index\\.js$`));
    const { modules, reads } = runtimeFiles(join(outDir, entry.replace(/^dist\//, '')));
    expect(modules.filter((m) => !existsSync(m))).toEqual([]);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((r) => !existsSync(r))).toEqual([]);
  });
});
