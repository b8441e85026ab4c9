import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempGitRepo, type TempGitRepo } from '../../../test/support/tempGitRepo.js';
import { affectedServices } from '../affectedServices.js';
import { changedFilesSince } from '../changedFilesSince.js';

// A miniature of this repository's layout: the same folders, imports and file URLs.
const TREE: Record<string, string> = {
  'package.json': '{}',
  'package-lock.json': '{}',
  'tsconfig.json': '{}',
  'README.md': '# toasties',
  'supergraph.yaml': `subgraphs:
  chillybin: { routing_url: http://x/graphql, schema: { file: ./subgraphs/chillybin/schema.graphql } }
  jafflr: { routing_url: http://y/graphql, schema: { file: ./subgraphs/jafflr/schema.graphql } }
`,
  'supergraph.graphql': 'type Query { a: Int }',
  'platform/logger.ts': 'export const log = 1;',
  'platform/mongo.ts': "import { log } from './logger.js';\nexport const mongo = log;",
  'platform/health.ts': 'export const health = 1;',
  'platform/unused.ts': 'export const unused = 1;',
  'gateway/src/index.ts':
    "import { health } from '../../platform/health.js';\nimport './config.js';\nexport { health };",
  'gateway/src/config.ts': "export const supergraph = new URL('../../supergraph.graphql', import.meta.url);",
  'subgraphs/chillybin/schema.graphql': 'type Query { stock: Int }',
  'subgraphs/chillybin/src/index.ts': "export { mongo } from '../../../platform/mongo.js';\nimport './schema.js';",
  'subgraphs/chillybin/src/schema.ts': "export const sdl = new URL('../schema.graphql', import.meta.url);",
  'subgraphs/chillybin/test/stock.test.ts': "import '../../../test/support/databases.js';",
  'subgraphs/jafflr/schema.graphql': 'type Query { status: Int }',
  'subgraphs/jafflr/src/index.ts':
    "export const logger = await import('../../../platform/logger.js');\nimport './resolvers/index.js';",
  'subgraphs/jafflr/src/resolvers/index.ts': 'export const resolvers = {};',
  'test/support/databases.ts': 'export const uri = 1;',
  'tools/dev/start.ts': "import '../../platform/health.js';",
  'web/index.html': '<html></html>',
  'web/src/main.ts': 'export const app = 1;',
};

// The gateway serving the built web app, as a static folder it opens by URL.
const SERVES_WEB = {
  'gateway/src/index.ts': "import './config.js';\nimport './webApp.js';",
  'gateway/src/webApp.ts': "export const assets = new URL('../../web/dist/', import.meta.url);",
  'web/dist/app.js': 'console.log(1);',
};

interface Case {
  name: string;
  tree?: Record<string, string>;
  write?: Record<string, string>;
  remove?: string[];
  /** Commit the change on a branch rather than leave it in the working tree. */
  commit?: boolean;
  expected: string[];
}

const cases: Case[] = [
  { name: 'nothing changed', expected: [] },
  {
    name: 'platform file imported by two subgraphs',
    write: { 'platform/logger.ts': '//' },
    expected: ['chillybin', 'jafflr'],
  },
  { name: 'platform file imported by the gateway only', write: { 'platform/health.ts': '//' }, expected: ['gateway'] },
  {
    name: 'platform file, committed on a branch',
    write: { 'platform/mongo.ts': '//' },
    commit: true,
    expected: ['chillybin'],
  },
  { name: 'platform file nothing imports', write: { 'platform/unused.ts': '//' }, expected: [] },
  { name: 'new untracked platform file', write: { 'platform/new.ts': '//' }, expected: [] },
  {
    name: "a subgraph's schema",
    write: { 'subgraphs/chillybin/schema.graphql': '#' },
    expected: ['gateway', 'chillybin'],
  },
  {
    name: "the other subgraph's schema",
    write: { 'subgraphs/jafflr/schema.graphql': '#' },
    commit: true,
    expected: ['gateway', 'jafflr'],
  },
  { name: 'a resolver', write: { 'subgraphs/jafflr/src/resolvers/index.ts': '//' }, expected: ['jafflr'] },
  { name: 'a subgraph test', write: { 'subgraphs/chillybin/test/stock.test.ts': '//' }, expected: ['chillybin'] },
  { name: 'shared test support', write: { 'test/support/databases.ts': '//' }, expected: [] },
  { name: 'supergraph.yaml', write: { 'supergraph.yaml': 'subgraphs: {}' }, expected: ['gateway'] },
  { name: 'supergraph.graphql', write: { 'supergraph.graphql': '#' }, expected: ['gateway'] },
  { name: 'package.json', write: { 'package.json': '{ }' }, expected: ['gateway', 'chillybin', 'jafflr', 'web'] },
  {
    name: 'package-lock.json',
    write: { 'package-lock.json': '{ }' },
    expected: ['gateway', 'chillybin', 'jafflr', 'web'],
  },
  { name: 'tsconfig.json', write: { 'tsconfig.json': '{ }' }, expected: ['gateway', 'chillybin', 'jafflr', 'web'] },
  { name: 'the web app', write: { 'web/index.html': '<html/>' }, expected: ['web'] },
  { name: 'a deleted platform file', remove: ['platform/health.ts'], expected: ['gateway'] },
  { name: 'a dev tool and the README', write: { 'tools/dev/start.ts': '//', 'README.md': '#' }, expected: [] },
  {
    name: 'web assets the gateway serves',
    tree: SERVES_WEB,
    write: { 'web/dist/app.js': '//' },
    expected: ['gateway', 'web'],
  },
  {
    name: 'web source the gateway does not serve',
    tree: SERVES_WEB,
    write: { 'web/src/main.ts': '//' },
    expected: ['web'],
  },
];

let repo: TempGitRepo | undefined;
afterEach(() => repo?.cleanup());

describe('services affected by changes since a ref', () => {
  it.each(cases)('$name → $expected', ({ tree = {}, write = {}, remove = [], commit, expected }) => {
    repo = createTempGitRepo({ ...TREE, ...tree });
    if (commit) repo.git('checkout', '-q', '-b', 'feature');
    repo.write(write);
    repo.remove(...remove);
    if (commit) repo.commit('the change');

    const affected = affectedServices(repo.dir, changedFilesSince(repo.dir, 'main'));
    expect(affected.map((s) => s.name)).toEqual(expected);
  });

  it('leaves out what landed on the ref after the branch left it', () => {
    repo = createTempGitRepo(TREE);
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'subgraphs/jafflr/src/resolvers/index.ts': '//' });
    repo.commit('jafflr change');
    repo.git('checkout', '-q', 'main');
    repo.write({ 'platform/health.ts': '//' });
    repo.commit('gateway change on main');
    repo.git('checkout', '-q', 'feature');

    expect(affectedServices(repo.dir, changedFilesSince(repo.dir, 'main')).map((s) => s.name)).toEqual(['jafflr']);
  });
});

const root = fileURLToPath(new URL('../../../', import.meta.url));

function affected(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'tools/affected/affectedMain.ts'), ...args],
      { cwd },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe('npm run affected', () => {
  it('prints one service per line, or JSON with the files that affect each', async () => {
    repo = createTempGitRepo(TREE);
    repo.write({ 'platform/logger.ts': '//', 'subgraphs/chillybin/schema.graphql': '#' });

    const text = await affected(repo.dir, 'main');
    expect(text).toMatchObject({ code: 0, stdout: 'gateway\nchillybin\njafflr\n' });

    const json = await affected(repo.dir, 'main', '--json');
    expect((JSON.parse(json.stdout) as { services: unknown }).services).toEqual([
      { name: 'gateway', because: ['subgraphs/chillybin/schema.graphql'] },
      { name: 'chillybin', because: ['platform/logger.ts', 'subgraphs/chillybin/schema.graphql'] },
      { name: 'jafflr', because: ['platform/logger.ts'] },
    ]);
  });

  const usageErrors = [
    { args: ['no-such-ref'], message: /no-such-ref is not a commit/ },
    { args: [], message: /give exactly one git ref/ },
  ];

  it.each(usageErrors)('exits 3 for $args', async ({ args, message }) => {
    repo = createTempGitRepo(TREE);
    const { code, stderr } = await affected(repo.dir, ...args);
    expect(stderr).toMatch(message);
    expect(code).toBe(3);
  });
});
