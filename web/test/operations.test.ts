import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';

// The kiosk's operations, one named operation a file, named as the file: npm run codegen types them and writes
// them, hashed, into the kiosk's persisted-operations manifest, which is the schema check's corpus.

const dir = new URL('../operations/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));

describe('web/operations', () => {
  it('has the kiosk operations', () => {
    expect(files.sort()).toEqual(['MachineStatus.graphql', 'MakeToastie.graphql', 'Stock.graphql']);
  });

  it.each(files)('%s holds one operation, named after the file', (file) => {
    const document = parse(readFileSync(new URL(file, dir), 'utf8'));
    expect(document.definitions).toHaveLength(1);
    const [operation] = document.definitions;
    expect(operation?.kind).toBe(Kind.OPERATION_DEFINITION);
    expect(operation?.kind === Kind.OPERATION_DEFINITION && operation.name?.value).toBe(basename(file, '.graphql'));
  });
});
