import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME_ASSETS } from './runtimeAssets.js';

// `npm run build`, after tsc: the files the compiled code reads, put where it
// looks for them from dist/ (or from the folder given as the first argument).

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = resolve(root, process.argv[2] ?? 'dist');

for (const asset of RUNTIME_ASSETS) {
  const target = join(outDir, asset);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, asset), target, { recursive: true });
}
console.log(`copied ${RUNTIME_ASSETS.length} runtime files into ${outDir}`);
