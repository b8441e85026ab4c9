import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/dev/serviceProcess.js';
import { CompositionError, composeSupergraph, readSupergraphConfig } from '../src/composeSupergraph.js';

describe('the committed supergraph', () => {
  it('is what composing supergraph.yaml gives now (run `npm run compose` when this fails)', () => {
    const composed = composeSupergraph(readSupergraphConfig(join(repoRoot, 'supergraph.yaml')));
    expect(readFileSync(join(repoRoot, 'supergraph.graphql'), 'utf8')).toBe(composed);
  });
});

describe('a composition error', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'toasties-compose-'));
    copyFileSync(join(repoRoot, 'subgraphs/chillybin/schema.graphql'), join(dir, 'chillybin.graphql'));
    writeFileSync(
      join(dir, 'supergraph.yaml'),
      [
        'federation_version: =2.7.0',
        'subgraphs:',
        '  chillybin: { routing_url: "http://chillybin/graphql", schema: { file: ./chillybin.graphql } }',
        '  pantry: { routing_url: "http://pantry/graphql", schema: { file: ./pantry.graphql } }',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\n';
  const cases = [
    { name: 'a syntax error', sdl: `${link}type Query { shelf: }`, problem: /^\[pantry\] Syntax Error/ },
    { name: 'an unknown type', sdl: `${link}type Query { shelf: Shelf }`, problem: /^\[pantry\] Unknown type Shelf/ },
    {
      name: 'a key on a missing field',
      sdl: `${link}type Shelf @key(fields: "code") { id: ID! } type Query { shelf: Shelf }`,
      problem: /^\[pantry\] .*@key\(fields: "code"\)/,
    },
    {
      name: 'a field typed differently from chillybin',
      sdl: `${link}type Ingredient @key(fields: "name") { name: String! quantity: String! } type Query { spare: Ingredient }`,
      problem: /Ingredient\.quantity.*subgraph "chillybin".*subgraph "pantry"/,
    },
  ];

  it.each(cases)('$name names the subgraph', ({ sdl, problem }) => {
    writeFileSync(join(dir, 'pantry.graphql'), sdl);

    const error = (() => {
      try {
        composeSupergraph(readSupergraphConfig(join(dir, 'supergraph.yaml')));
      } catch (err) {
        return err;
      }
    })();

    expect(error).toBeInstanceOf(CompositionError);
    expect((error as CompositionError).problems).toContainEqual(expect.stringMatching(problem));
    expect((error as CompositionError).message).toContain('pantry');
  });
});
