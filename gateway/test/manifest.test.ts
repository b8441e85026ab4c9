import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  mergeManifests,
  operationHash,
  parseManifest,
  readManifests,
  type Manifest,
} from '../src/persistedOperations/manifest.js';

// A bad manifest is an error naming its file when it is read (by npm run codegen, build:web, the schema check and
// the gateway's start), never a surprise at request time.

const STATUS = 'query Status { status }';
const STOCK = 'query Stock { stock { name } }';
const manifest = (version: string, operations: [string, string][]): Manifest => ({
  format: 'apollo-persisted-query-manifest',
  version: 1,
  client: { name: 'kiosk', version },
  operations: operations.map(([name, body]) => ({ id: operationHash(body), name, type: 'query', body })),
});
const good = manifest('1.0.0', [['Status', STATUS]]);

describe('parseManifest', () => {
  const cases = [
    { name: 'a good manifest', text: JSON.stringify(good), error: undefined },
    { name: 'not JSON', text: '{"format": ', error: /kiosk@1\.0\.0\.json: not JSON/ },
    { name: 'another format', text: JSON.stringify({ ...good, format: 'relay' }), error: /format/ },
    { name: 'no client', text: JSON.stringify({ ...good, client: undefined }), error: /client/ },
    {
      name: 'a hash that is not its body’s',
      text: JSON.stringify({ ...good, operations: [{ ...good.operations[0], body: STOCK }] }),
      error: /operation Status: [0-9a-f]{64} is not the sha256 of its body/,
    },
    {
      name: 'a hash that is not hex',
      text: JSON.stringify({ ...good, operations: [{ ...good.operations[0], id: 'Status' }] }),
      error: /operations\.0\.id: a sha256 hash/,
    },
  ];
  it.each(cases)('$name', ({ text, error }) => {
    const parse = () => parseManifest(text, 'persisted-operations/kiosk@1.0.0.json');
    if (error) expect(parse).toThrow(error);
    else expect(parse()).toEqual(good);
  });
});

describe('mergeManifests', () => {
  it('keeps every client version of a hash', () => {
    const merged = mergeManifests([
      { file: 'kiosk@1.0.0.json', manifest: good },
      {
        file: 'kiosk@1.1.0.json',
        manifest: manifest('1.1.0', [
          ['Status', STATUS],
          ['Stock', STOCK],
        ]),
      },
    ]);
    expect(merged.clientsOf.get(operationHash(STATUS))).toEqual(['kiosk@1.0.0', 'kiosk@1.1.0']);
    expect(merged.bodies.get(operationHash(STOCK))).toBe(STOCK);
  });

  it('refuses a hash given a different document in another file', () => {
    const forged = manifest('1.1.0', [['Status', STATUS]]);
    forged.operations[0]!.body = STOCK;
    expect(() =>
      mergeManifests([
        { file: 'kiosk@1.0.0.json', manifest: good },
        { file: 'kiosk@1.1.0.json', manifest: forged },
      ]),
    ).toThrow(
      /kiosk@1\.1\.0\.json: operation Status: hash [0-9a-f]{64} is also in kiosk@1\.0\.0\.json with a different document/,
    );
  });

  it('refuses a file named for another client version', () => {
    expect(() => mergeManifests([{ file: 'kiosk@2.0.0.json', manifest: good }])).toThrow(
      /must be named kiosk@1\.0\.0\.json/,
    );
  });
});

describe('readManifests', () => {
  it('reads none from a folder that does not exist', () => {
    expect(readManifests(join(tmpdir(), 'no-such-manifests')).bodies.size).toBe(0);
  });

  it('names the file that does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifests-'));
    writeFileSync(join(dir, 'kiosk@1.0.0.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'kiosk@1.1.0.json'), 'not json');
    expect(() => readManifests(dir)).toThrow(/kiosk@1\.1\.0\.json: not JSON/);
  });

  it('reads the committed manifests', () => {
    const { clientNames, bodies } = readManifests(new URL('../../persisted-operations', import.meta.url).pathname);
    expect([...clientNames]).toEqual(['kiosk']);
    expect(bodies.size).toBeGreaterThan(0);
  });
});
