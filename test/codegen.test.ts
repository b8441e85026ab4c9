import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { beforeAll, describe, expect, it } from 'vitest';
import config from '../codegen.js';

// The typecheck holds resolvers to the schema only while the committed types are what the schema makes:
// a schema change without `npm run codegen` fails here.

const root = fileURLToPath(new URL('../', import.meta.url));
const generated = new Map<string, string>();

beforeAll(async () => {
  const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd: root, silent: true }, false);
  for (const { filename, content } of outputs) generated.set(filename, content);
});

describe('the generated types', () => {
  it.each(Object.keys(config.generates))('%s is what npm run codegen makes now', (file) => {
    expect(readFileSync(join(root, file), 'utf8'), 'stale: run npm run codegen').toBe(generated.get(file));
  });
});
