import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { globSync } from 'tinyglobby';

export interface OperationFile {
  /** Path relative to the working directory, as people will look for it. */
  file: string;
  document?: DocumentNode;
  parseError?: string;
}

/** The frontend's operation files. A glob that matches nothing (no `web/operations/` yet) gives none. */
export function loadOperations(pattern: string, cwd: string): OperationFile[] {
  return globSync(pattern, { cwd, absolute: true })
    .sort()
    .map((path) => {
      const file = relative(cwd, resolve(path));
      try {
        return { file, document: parse(readFileSync(path, 'utf8')) };
      } catch (err) {
        return { file, parseError: (err as Error).message };
      }
    });
}
