import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { UsageHistory } from '../../../platform/registry/UsageHistory.js';
import { dropDatabases, mongodbUri, uniqueDbName, useTestDatabase } from '../../../test/support/databases.js';
import { createTempGitRepo, type TempGitRepo } from '../../../test/support/tempGitRepo.js';

// schema:publish, :rollback, :history and schema:check --against registry as people run them:
// real processes, on a copy of this project's graph, against a registry on the real database.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const scripts = {
  publish: 'tools/schema-registry/publishMain.ts',
  rollback: 'tools/schema-registry/rollbackMain.ts',
  history: 'tools/schema-registry/historyMain.ts',
  check: 'tools/schema-check/schemaCheckMain.ts',
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cwd: string, env: Record<string, string>, script: keyof typeof scripts, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      [join(root, scripts[script]), ...args],
      { cwd, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      },
    );
  });
}

const CHILLYBIN = 'subgraphs/chillybin/schema.graphql';
const real = (path: string) => readFileSync(join(root, path), 'utf8');
const DESCRIPTION = 'description: String!';
const DEPRECATED = 'description: String! @deprecated(reason: "Nobody reads it.")';

const repos: TempGitRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

/** A copy of this project's graph, with a registry database of its own. */
function project(): {
  repo: TempGitRepo;
  env: Record<string, string>;
  chillybin: (from: string, to: string) => string;
} {
  const repo = createTempGitRepo({
    'supergraph.yaml': real('supergraph.yaml'),
    [CHILLYBIN]: real(CHILLYBIN),
    'subgraphs/jafflr/schema.graphql': real('subgraphs/jafflr/schema.graphql'),
    'supergraph.graphql': real('supergraph.graphql'),
  });
  repos.push(repo);
  const dbName = uniqueDbName('registrycli');
  databases.push(dbName);
  /** Writes a variant of chillybin's schema to a file of its own and returns its name. */
  const chillybin = (from: string, to: string) => {
    const file = `chillybin-${repo.dir.length}-${Math.random().toString(36).slice(2)}.graphql`;
    repo.write({ [file]: real(CHILLYBIN).replace(from, to) });
    return file;
  };
  return { repo, env: { MONGODB_URI: mongodbUri(), REGISTRY_DB: dbName, DB_TIMEOUT_MS: '2000' }, chillybin };
}

const databases: string[] = [];
afterAll(() => dropDatabases(databases));
const usageDb = useTestDatabase('registryusage');

describe('schema:publish, schema:rollback, schema:history', () => {
  it('publishes, refuses a breaking change, rolls back, and lists it all', async () => {
    const { repo, env, chillybin } = project();
    const dir = repo.dir;

    expect((await run(dir, env, 'history')).stdout).toMatch(/the registry has no version yet/);

    const dry = await run(dir, env, 'publish', 'chillybin', '--dry-run');
    expect(dry.stdout).toMatch(/dry run: would publish version 1 \(current is 0\); nothing stored/);
    expect(dry.code).toBe(0);

    const first = await run(dir, env, 'publish', 'chillybin', '--by', 'alice');
    expect(first.stdout).toMatch(/published version 1 \(was 0\); it is now current/);
    expect(first.code).toBe(0);

    const again = await run(dir, env, 'publish', 'chillybin');
    expect(again.stdout).toMatch(/nothing to publish: the schemas are those of current version 1/);
    expect(again.code).toBe(0);

    const shelf = chillybin(DESCRIPTION, `${DESCRIPTION}\n  shelf: String`);
    const added = await run(dir, env, 'publish', 'chillybin', '--schema', shelf, '--by', 'bob', '--json');
    const addedReport = JSON.parse(added.stdout) as { registry: unknown; changes: unknown[] };
    expect(addedReport.registry).toEqual({ against: 1, outcome: 'published', version: 2 });
    expect(addedReport.changes).toEqual([expect.objectContaining({ coordinate: 'Ingredient.shelf', verdict: 'safe' })]);

    const removed = await run(dir, env, 'publish', 'chillybin', '--schema', chillybin(DESCRIPTION, ''));
    expect(removed.stdout).toMatch(/BREAKING\s+Ingredient.description/);
    expect(removed.stdout).toMatch(/not published: the check failed against version 2/);
    expect(removed.code).toBe(1);

    const checked = await run(dir, env, 'check', '--against', 'registry');
    expect(checked.stdout).toMatch(/against registry version 2/);
    // The local files lack version 2's shelf: against the registry that is a removal.
    expect(checked.stdout).toMatch(/BREAKING\s+Ingredient.shelf/);
    expect(checked.code).toBe(1);

    const back = await run(dir, env, 'rollback', '1', '--by', 'carol');
    expect(back.stdout).toMatch(/rolled back to version 1 as version 3 \(was 2\); it is now current/);
    expect(back.code).toBe(0);

    const history = await run(dir, env, 'history');
    expect(history.stdout).toMatch(/^version 3\s+\(current\)\s+\S+\s+rollback to version 1 by carol/m);
    expect(history.stdout).toMatch(/^version 2\s+\S+\s+publish chillybin by bob at [0-9a-f]{7}/m);
    expect(history.stdout).toMatch(/^ {2}safe Ingredient.shelf/m);
    expect(history.stdout).toMatch(/^version 1\s+\S+\s+publish chillybin by alice/m);
    const json = JSON.parse((await run(dir, env, 'history', '--json')).stdout) as {
      current: number;
      versions: { version: number }[];
    };
    expect(json.current).toBe(3);
    expect(json.versions.map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('refuses removing a deprecated field while a client used it within the window, and allows it after', async () => {
    const { repo, env, chillybin } = project();
    const deprecated = chillybin(DESCRIPTION, DEPRECATED);
    expect((await run(repo.dir, env, 'publish', 'chillybin', '--schema', deprecated)).code).toBe(0);

    const usage = new UsageHistory(usageDb.mongo.db(env.REGISTRY_DB));
    const use = {
      coordinate: 'Ingredient.description',
      kind: 'FIELD' as const,
      clientName: 'kiosk',
      clientVersion: '2.1.0',
    };
    await usage.add([{ ...use, count: 7 }], new Date(Date.now() - 10 * 86_400_000));
    await usage.add([{ ...use, count: 3 }], new Date(Date.now() - 2 * 86_400_000));
    const removal = chillybin(DESCRIPTION, '');

    const within = await run(repo.dir, env, 'publish', 'chillybin', '--schema', removal);
    expect(within.stdout).toMatch(/BREAKING\s+Ingredient.description: .*still used by client kiosk\/2.1.0 \(3 uses\)/);
    expect(within.code).toBe(1);

    const shorter = await run(
      repo.dir,
      { ...env, USAGE_WINDOW_DAYS: '1' },
      'publish',
      'chillybin',
      '--schema',
      removal,
    );
    expect(shorter.stdout).toMatch(/safe\s+Ingredient.description/);
    expect(shorter.stdout).toMatch(/published version 2/);
    expect(shorter.code).toBe(0);
  });

  const badInput = [
    {
      name: 'an unknown subgraph',
      script: 'publish',
      args: ['fridge'],
      code: 3,
      message: /unknown subgraph fridge; the known subgraphs are chillybin, jafflr/,
    },
    {
      name: 'a schema that does not parse',
      script: 'publish',
      args: ['chillybin', '--schema', 'broken.graphql'],
      code: 2,
      message: /ERROR\s+\[chillybin\] Syntax Error/,
    },
    {
      name: 'a schema file that is missing',
      script: 'publish',
      args: ['chillybin', '--schema', 'nope.graphql'],
      code: 3,
      message: /cannot read --schema/,
    },
    { name: 'no subgraph', script: 'publish', args: [], code: 3, message: /give the one subgraph/ },
    {
      name: 'a version that does not exist',
      script: 'rollback',
      args: ['42'],
      code: 3,
      message: /version 42 does not exist in the registry/,
    },
    {
      name: 'a version that is not a number',
      script: 'rollback',
      args: ['latest'],
      code: 3,
      message: /latest is not a version number/,
    },
    {
      name: 'an unknown base',
      script: 'check',
      args: ['--against', 'uplink'],
      code: 3,
      message: /--against takes registry/,
    },
    {
      name: 'a registry that cannot be reached',
      script: 'publish',
      args: ['chillybin'],
      env: { MONGODB_URI: 'mongodb://127.0.0.1:9', DB_TIMEOUT_MS: '300' },
      code: 5,
      message: /cannot reach the registry at mongodb:\/\/127.0.0.1:9/,
    },
    {
      name: 'an unreachable registry, for history',
      script: 'history',
      args: [],
      env: { MONGODB_URI: 'mongodb://127.0.0.1:9', DB_TIMEOUT_MS: '300' },
      code: 5,
      message: /cannot reach the registry/,
    },
  ] as const;

  it.each(badInput)('exits $code for $name', async ({ script, args, code, message, ...rest }) => {
    const { repo, env } = project();
    repo.write({ 'broken.graphql': 'type Query { ingredient(name: String!: Ingredient }' });
    const overrides = 'env' in rest ? rest.env : {};
    const result = await run(repo.dir, { ...env, ...overrides }, script, ...args);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(message);
    expect(result.code).toBe(code);
  });
});
