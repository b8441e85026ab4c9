import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { operationHash } from '../../../gateway/src/persistedOperations/manifest.js';
import { PERSISTED_DOCUMENTS, checkManifests, kioskManifest } from '../kioskManifest.js';

// What npm run codegen writes and npm run build:web checks, on a copy of the files they read: the kiosk's manifest
// for its version, refused when an operation no longer validates, and a stale or bad committed manifest failing
// the build rather than a request.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const KIOSK_FILE = 'persisted-operations/kiosk@0.1.0.json';
let copies: string[] = [];
afterEach(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  copies = [];
});

/** This repository's inputs in a folder of their own, with some files replaced. */
function copyOf(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-manifest-'));
  copies.push(dir);
  for (const file of ['package.json', 'supergraph.graphql', PERSISTED_DOCUMENTS]) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(root, file), join(dir, file));
  }
  cpSync(join(root, 'persisted-operations'), join(dir, 'persisted-operations'), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const withDocument = (body: string) =>
  JSON.stringify({ ...JSON.parse(readFileSync(join(root, PERSISTED_DOCUMENTS), 'utf8')), [operationHash(body)]: body });

describe('the kiosk manifest', () => {
  it('is the committed one, for the package version, every operation named and typed', () => {
    const manifest = kioskManifest(root);
    expect(manifest.client).toEqual({ name: 'kiosk', version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version });
    expect(manifest.operations.map(({ name, type }) => `${type} ${name}`)).toEqual([
      'query MachineStatus',
      'mutation MakeToastie',
      'query Stock',
    ]);
    expect(() => checkManifests(root)).not.toThrow();
  });

  const cases: { name: string; files: Record<string, string>; error: RegExp }[] = [
    { name: 'an operation the schema cannot run', files: { [PERSISTED_DOCUMENTS]: withDocument('query Fridge { fridge }') }, error: /Cannot query field "fridge"/ },
    { name: 'an anonymous operation', files: { [PERSISTED_DOCUMENTS]: withDocument('{ status }') }, error: /exactly one named operation/ },
    { name: 'a new operation not yet in the manifest', files: { [PERSISTED_DOCUMENTS]: withDocument('query Status { status }') }, error: /kiosk@0\.1\.0\.json is stale \(Status not in it\): run npm run codegen/ },
    { name: 'a committed manifest that does not parse', files: { [KIOSK_FILE]: '{' }, error: /kiosk@0\.1\.0\.json: not JSON/ },
    { name: 'a new version without its manifest', files: { 'package.json': '{ "version": "0.2.0" }' }, error: /kiosk@0\.2\.0\.json is missing: run npm run codegen/ },
  ];
  it.each(cases)('build:web fails on $name', ({ files, error }) => {
    expect(() => checkManifests(copyOf(files))).toThrow(error);
  });
});
