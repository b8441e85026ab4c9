import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { globSync } from 'tinyglobby';
import {
  ManifestError,
  mergeManifests,
  parseManifest,
  type Manifest,
} from '../../gateway/src/persistedOperations/manifest.js';

/** The frontend's known operations, unless a command is told otherwise: every client version's manifest. */
export const DEFAULT_OPERATIONS = 'persisted-operations/*.json';

export interface OperationFile {
  /** Path relative to the working directory, as people will look for it; `<manifest>#<operation>` for a manifest's. */
  file: string;
  document?: DocumentNode;
  parseError?: string;
}

function parsed(file: string, source: string): OperationFile {
  try {
    return { file, document: parse(source) };
  } catch (err) {
    return { file, parseError: (err as Error).message };
  }
}

/**
 * The frontend's known operations: each operation of each persisted-operations
 * manifest (`*.json`, one per client version, so a version's operations count
 * until its file is deleted), or operation files (`*.graphql`). A glob that
 * matches nothing gives none; a manifest that does not read is a parse error.
 */
export function loadOperations(pattern: string, cwd: string): OperationFile[] {
  const manifests: { file: string; manifest: Manifest }[] = [];
  const operations = globSync(pattern, { cwd, absolute: true })
    .sort()
    .flatMap((path): OperationFile[] => {
      const file = relative(cwd, resolve(path));
      if (!file.endsWith('.json')) return [parsed(file, readFileSync(path, 'utf8'))];
      try {
        const manifest = parseManifest(readFileSync(path, 'utf8'), file);
        manifests.push({ file, manifest });
        return manifest.operations.map(({ name, body }) => parsed(`${file}#${name}`, body));
      } catch (err) {
        return [{ file, parseError: (err as Error).message }];
      }
    });
  try {
    mergeManifests(manifests);
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    operations.push({ file: err.message.split(':')[0]!, parseError: err.message });
  }
  return operations;
}
