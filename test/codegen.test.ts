import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { beforeAll, describe, expect, it } from 'vitest';
import config from '../codegen.js';

// The typecheck holds resolvers to their schema, and the kiosk's and jafflr's operations to the schema they run
// against, only while the committed types are what the schemas make: a schema or operation change without
// `npm run codegen` fails here. A target ending in / is a folder the client preset fills.

const root = fileURLToPath(new URL('../', import.meta.url));
const generated = new Map<string, string>();
const targets = Object.keys(config.generates);

beforeAll(async () => {
  const outputs = (await generate({ ...config, cwd: root, silent: true }, false)) as {
    filename: string;
    content: string;
  }[];
  for (const { filename, content } of outputs) generated.set(filename, content);
});

describe('the generated types', () => {
  it.each(targets)('%s is what npm run codegen makes now', (target) => {
    const files = target.endsWith('/') ? [...generated.keys()].filter((file) => file.startsWith(target)) : [target];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(readFileSync(join(root, file), 'utf8'), `${file} is stale: run npm run codegen`).toBe(generated.get(file));
    }
  });

  it.each(targets.filter((target) => target.endsWith('/')))('%s holds nothing codegen no longer makes', (target) => {
    const committed = readdirSync(join(root, target)).map((name) => target + name);
    expect(committed.sort()).toEqual([...generated.keys()].filter((file) => file.startsWith(target)).sort());
  });
});
