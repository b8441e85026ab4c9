import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface ImportGraph {
  /** Repository-relative paths of every file reached, the entry files included. */
  files: Set<string>;
  /** Folders reached through `new URL('../dir/', import.meta.url)`: anything inside them counts. */
  folders: Set<string>;
}

const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
// How code here names the files it reads at run time: schema.graphql, supergraph.graphql, static assets.
const FILE_URL = /new\s+URL\(\s*(['"`])([^'"`$]+)\1\s*,\s*import\.meta\.url\s*\)/g;

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/**
 * Where a relative specifier lands: NodeNext `.js` specifiers name the `.ts` source
 * beside them. For a file that no longer exists (the change deleted it) the most
 * likely name is kept, so the deletion still counts.
 */
function resolveSpecifier(fromFile: string, specifier: string): { path: string; exists: boolean } {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base.replace(/\.mjs$/, '.mts'),
    base.replace(/\.cjs$/, '.cts'),
    base,
    ...['.ts', '.tsx', '.js', '/index.ts', '/index.tsx', '/index.js'].map((ext) => base + ext),
  ];
  const found = candidates.find(isFile);
  return found
    ? { path: found, exists: true }
    : { path: /\.\w+$/.test(base) ? candidates[0]! : `${base}.ts`, exists: false };
}

/**
 * Follows relative imports (static, dynamic, re-exports) from the entry files
 * with the TypeScript compiler's own import scanner, and notes the files and
 * folders the code opens by URL. Package imports end the walk: package.json and
 * the lock file stand for them.
 */
export function importGraph(root: string, entryFiles: string[]): ImportGraph {
  const files = new Set<string>();
  const folders = new Set<string>();
  const pending = entryFiles.map((f) => resolve(root, f));
  const rel = (path: string) => relative(root, path).split('\\').join('/');

  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(rel(file))) continue;
    files.add(rel(file));
    if (!CODE.test(file)) continue;

    const source = readFileSync(file, 'utf8');
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (!fileName.startsWith('./') && !fileName.startsWith('../')) continue;
      const target = resolveSpecifier(file, fileName);
      if (target.exists) pending.push(target.path);
      else files.add(rel(target.path));
    }
    for (const [, , url] of source.matchAll(FILE_URL)) {
      if (!url!.startsWith('./') && !url!.startsWith('../')) continue;
      const target = resolve(dirname(file), url!);
      // The repository root itself (a "where am I" URL) would make every change count.
      if (target === resolve(root) || !target.startsWith(resolve(root))) continue;
      if (url!.endsWith('/') || isFolder(target)) folders.add(`${rel(target)}/`);
      else if (isFile(target)) pending.push(target);
      else files.add(rel(target));
    }
  }
  return { files, folders };
}

export function reaches(graph: ImportGraph, file: string): boolean {
  return graph.files.has(file) || [...graph.folders].some((folder) => file.startsWith(folder));
}
