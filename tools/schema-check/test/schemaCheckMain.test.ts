import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { composeSupergraph, readSupergraphConfig } from '../../../gateway/src/composeSupergraph.js';
import { createTempGitRepo, type TempGitRepo } from '../../../test/support/tempGitRepo.js';
import { operationHash } from '../../../gateway/src/persistedOperations/manifest.js';
import { apiSchemaOf } from '../apiSchemaOf.js';

// `npm run schema:check` as CI runs it: a real process, on the real repository and on
// throwaway git repositories whose commits change the schema.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const script = join(root, 'tools/schema-check/schemaCheckMain.ts');

function schemaCheck(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, [script, ...args], { cwd }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

const CHILLYBIN = 'subgraphs/chillybin/schema.graphql';
const real = (path: string) => readFileSync(join(root, path), 'utf8');

let repo: TempGitRepo | undefined;
afterEach(() => repo?.cleanup());

/** A copy of this project's graph (schemas, config, supergraph) in a fresh repository. */
function toastieRepo(operations: Record<string, string> = {}): TempGitRepo {
  repo = createTempGitRepo({
    'supergraph.yaml': real('supergraph.yaml'),
    [CHILLYBIN]: real(CHILLYBIN),
    'subgraphs/jafflr/schema.graphql': real('subgraphs/jafflr/schema.graphql'),
    'supergraph.graphql': real('supergraph.graphql'),
    ...operations,
  });
  return repo;
}

/** Edits the chillybin schema and, unless told not to, recomposes as `npm run compose` would. */
function editChillybin(r: TempGitRepo, from: string, to: string, { compose = true } = {}): void {
  const sdl = readFileSync(join(r.dir, CHILLYBIN), 'utf8');
  if (!sdl.includes(from)) throw new Error(`${from} not in the chillybin schema`);
  r.write({ [CHILLYBIN]: sdl.replace(from, to) });
  if (compose)
    r.write({ 'supergraph.graphql': composeSupergraph(readSupergraphConfig(join(r.dir, 'supergraph.yaml'))) });
}

const DESCRIPTION = 'description: String!';
const DEPRECATED_DESCRIPTION = 'description: String! @deprecated(reason: "Nobody reads it.")';
/** A client version's persisted-operations manifest, as a file for toastieRepo. */
function manifestFile(client: string, version: string, operations: Record<string, string>): Record<string, string> {
  const manifest = {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    client: { name: client, version },
    operations: Object.entries(operations).map(([name, body]) => ({
      id: operationHash(body),
      name,
      type: 'query',
      body,
    })),
  };
  return { [`persisted-operations/${client}@${version}.json`]: JSON.stringify(manifest) };
}
const DESCRIBE_OP = manifestFile('kiosk', '2.0.0', { Describe: 'query Describe { stock { name description } }' });

describe('npm run schema:check', () => {
  it('passes on this repository as it is', async () => {
    const { code, stdout } = await schemaCheck(root);
    expect(stdout).toContain('composed chillybin, jafflr');
    expect(stdout).toContain('supergraph.graphql matches composition');
    expect(stdout).toMatch(/schema check passed/);
    expect(code).toBe(0);
  });

  it('fails a commit that removes a field, against the merge base with main', async () => {
    const r = toastieRepo();
    r.git('checkout', '-q', '-b', 'feature');
    editChillybin(r, DESCRIPTION, '');
    r.commit('drop Ingredient.description');

    const { code, stdout } = await schemaCheck(r.dir);
    expect(stdout).toMatch(/against supergraph.graphql at merge base with main/);
    expect(stdout).toMatch(/BREAKING\s+Ingredient.description: Field 'description' was removed/);
    expect(stdout).toMatch(/schema check FAILED \(exit 1\): 1 breaking change/);
    expect(code).toBe(1);
  });

  it('compares with a plain API schema given by --base-schema', async () => {
    const r = toastieRepo();
    const api = printSchema(apiSchemaOf(real('supergraph.graphql')));
    r.write({
      'old-api.graphql': api.replace('type Query {', 'type Query {\n  menu: [String!]! @deprecated(reason: "Gone.")'),
    });

    const { code, stdout } = await schemaCheck(r.dir, '--base-schema', 'old-api.graphql');
    expect(stdout).toMatch(/against .*old-api.graphql/);
    expect(stdout).toMatch(/safe\s+Query.menu: .*was deprecated and no known operation or client uses it/);
    expect(code).toBe(0);
  });

  it('says when HEAD is main itself and compares with HEAD', async () => {
    const r = toastieRepo();
    editChillybin(r, DESCRIPTION, '');
    const { code, stdout } = await schemaCheck(r.dir, '--json');
    const report = JSON.parse(stdout) as { base: { note: string }; changes: unknown[]; exitCode: number };
    expect(report.base.note).toMatch(/HEAD is the merge base with main/);
    expect(report.changes).toEqual([
      expect.objectContaining({ verdict: 'breaking', coordinate: 'Ingredient.description' }),
    ]);
    expect(report.exitCode).toBe(1);
    expect(code).toBe(1);
  });

  const retirements = [
    { name: 'no one uses it', operations: {}, usage: undefined, code: 0, finding: /safe\s+Ingredient.description/ },
    {
      name: "a client version's persisted operation uses it",
      operations: DESCRIBE_OP,
      usage: undefined,
      code: 1,
      finding: /BREAKING\s+Ingredient.description: .*still used by persisted-operations\/kiosk@2\.0\.0\.json#Describe/,
    },
    {
      name: 'a client in the usage report uses it',
      operations: {},
      usage: {
        clientName: 'kiosk',
        clientVersion: '2.1.0',
        coordinate: 'Ingredient.description',
        kind: 'FIELD',
        count: 7,
      },
      code: 1,
      finding: /BREAKING\s+Ingredient.description: .*still used by client kiosk\/2.1.0 \(7 uses\)/,
    },
  ];

  it.each(retirements)('removing a deprecated field when $name', async ({ operations, usage, code, finding }) => {
    const r = toastieRepo(operations);
    editChillybin(r, DESCRIPTION, DEPRECATED_DESCRIPTION);
    r.commit('deprecate Ingredient.description');
    r.git('checkout', '-q', '-b', 'feature');
    editChillybin(r, DEPRECATED_DESCRIPTION, '');
    r.write({
      'usage.json': JSON.stringify({
        schemaVersion: 1,
        generatedAt: new Date().toISOString(),
        entries: [usage].filter(Boolean),
      }),
    });
    r.commit('drop Ingredient.description');

    const result = await schemaCheck(r.dir, '--usage', 'usage.json');
    expect(result.stdout).toMatch(finding);
    expect(result.code).toBe(code);
  });

  it('warns, without failing, about operations that use deprecated elements', async () => {
    const r = toastieRepo(DESCRIBE_OP);
    editChillybin(r, DESCRIPTION, DEPRECATED_DESCRIPTION);
    const { code, stdout } = await schemaCheck(r.dir);
    expect(stdout).toContain(
      'warning   persisted-operations/kiosk@2.0.0.json#Describe: uses deprecated Ingredient.description (Nobody reads it.)',
    );
    expect(stdout).toMatch(/schema check passed: .*1 deprecation warning/);
    expect(code).toBe(0);
  });

  it('fails a persisted operation that the new schema cannot run', async () => {
    const r = toastieRepo(manifestFile('kiosk', '1.0.0', { Fridge: 'query Fridge { fridge { name } }' }));
    const { code, stdout } = await schemaCheck(r.dir);
    expect(stdout).toContain(
      `INVALID   persisted-operations/kiosk@1.0.0.json#Fridge: Cannot query field "fridge" on type "Query".`,
    );
    expect(code).toBe(1);
  });

  const badManifests: { name: string; files: Record<string, string>; error: RegExp }[] = [
    {
      name: 'does not parse',
      files: { 'persisted-operations/kiosk@1.0.0.json': '{ "format": ' },
      error: /kiosk@1\.0\.0\.json: .*not JSON/,
    },
    {
      name: 'gives a known hash another document',
      files: {
        ...manifestFile('kiosk', '1.0.0', { Names: 'query Names { stock { name } }' }),
        'persisted-operations/kiosk@1.1.0.json': JSON.stringify({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          client: { name: 'kiosk', version: '1.1.0' },
          operations: [
            {
              id: operationHash('query Names { stock { name } }'),
              name: 'Names',
              type: 'query',
              body: 'query Names { stock { quantity } }',
            },
          ],
        }),
      },
      error: /kiosk@1\.1\.0\.json: operation Names: .* is not the sha256 of its body/,
    },
  ];
  it.each(badManifests)('fails a manifest that $name', async ({ files, error }) => {
    const r = toastieRepo(files);
    const { code, stdout } = await schemaCheck(r.dir);
    expect(stdout).toMatch(error);
    expect(code).toBe(1);
  });

  it('fails a supergraph.graphql that was not recomposed', async () => {
    const r = toastieRepo();
    editChillybin(r, DESCRIPTION, `${DESCRIPTION}\n  shelf: String`, { compose: false });
    const { code, stdout } = await schemaCheck(r.dir);
    expect(stdout).toMatch(/STALE\s+supergraph.graphql is not what composition produces; run `npm run compose`/);
    expect(code).toBe(2);
  });

  it('fails a composition error and names the subgraph', async () => {
    const r = toastieRepo();
    r.write({
      'subgraphs/jafflr/schema.graphql': `${real('subgraphs/jafflr/schema.graphql')}\ntype Ingredient { name: Int }`,
    });
    const { code, stdout } = await schemaCheck(r.dir);
    expect(stdout).toMatch(/ERROR\s+\[jafflr\]/);
    expect(code).toBe(2);
  });

  const usageErrors = [
    { args: ['--base-ref', 'no-such-branch'], message: /--base-ref no-such-branch is not a commit/ },
    { args: ['--base-schema', 'missing.graphql'], message: /cannot read --base-schema/ },
    { args: ['--usage', 'supergraph.yaml'], message: /cannot read usage report/ },
    { args: ['--frobnicate'], message: /Unknown option '--frobnicate'/ },
  ];

  it.each(usageErrors)('exits 3 for $args', async ({ args, message }) => {
    const r = toastieRepo();
    const { code, stderr } = await schemaCheck(r.dir, ...args);
    expect(stderr).toMatch(message);
    expect(code).toBe(3);
  });

  it('documents its exit codes in --help', async () => {
    const { code, stdout } = await schemaCheck(root, '--help');
    for (const line of [
      /^ {2}0 {2}passed/m,
      /^ {2}1 {2}a breaking change/m,
      /^ {2}2 {2}a composition error/m,
      /^ {2}3 {2}usage error/m,
    ]) {
      expect(stdout).toMatch(line);
    }
    expect(code).toBe(0);
  });
});
