import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run build`, after tsc: the files the compiled code reads at run time,
// put where `new URL(..., import.meta.url)` looks for them from dist/.

/** Paths relative to the repository root; each lands at the same path under the output folder. */
export const RUNTIME_ASSETS = [
  'package.json',
  'supergraph.graphql',
  'subgraphs/chillybin/schema.graphql',
  'subgraphs/jafflr/schema.graphql',
];

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = resolve(root, process.argv[2] ?? 'dist');

for (const asset of RUNTIME_ASSETS) {
  const target = join(outDir, asset);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, asset), target);
}
console.log(`copied ${RUNTIME_ASSETS.length} runtime files into ${outDir}`);
