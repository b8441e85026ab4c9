import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { UsageError } from './UsageError.js';

export interface BaseSchema {
  /** What the new schema is compared with, such as `supergraph.graphql at main (merge base 1a2b3c4)`. */
  description: string;
  /** Absent when there is nothing to compare with (the ref has no supergraph yet). */
  sdl?: string;
  /** Said to the user when the base is not the one they would expect. */
  note?: string;
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const commitOf = (cwd: string, ref: string) => git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);

function atRef(cwd: string, ref: string, label: string, supergraphFile: string, note?: string): BaseSchema {
  const path = relative(cwd, supergraphFile).split('\\').join('/');
  const sdl = git(cwd, ['show', `${ref}:./${path}`]);
  const description = `${path} at ${label}`;
  if (sdl === undefined) {
    return {
      description,
      note: [note, `${path} does not exist at ${label}; nothing to compare with`].filter(Boolean).join('; '),
    };
  }
  return note ? { description, sdl, note } : { description, sdl };
}

/**
 * The schema to compare with: a file, the supergraph at a given ref, or by
 * default the supergraph where this branch left main (its merge base).
 */
export function resolveBaseSchema(options: {
  cwd: string;
  supergraphFile: string;
  baseRef?: string | undefined;
  baseSchemaFile?: string | undefined;
}): BaseSchema {
  const { cwd, supergraphFile, baseRef, baseSchemaFile } = options;
  if (baseSchemaFile) {
    try {
      return { description: relative(cwd, baseSchemaFile), sdl: readFileSync(baseSchemaFile, 'utf8') };
    } catch (err) {
      throw new UsageError(`cannot read --base-schema ${baseSchemaFile}: ${(err as Error).message}`);
    }
  }
  if (git(cwd, ['rev-parse', '--git-dir']) === undefined) {
    return { description: 'none', note: 'not a git repository; pass --base-schema to compare with a file' };
  }
  if (baseRef) {
    const commit = commitOf(cwd, baseRef);
    if (!commit) throw new UsageError(`--base-ref ${baseRef} is not a commit in this repository`);
    return atRef(cwd, commit, baseRef, supergraphFile);
  }

  const head = commitOf(cwd, 'HEAD');
  if (!head) return { description: 'none', note: 'the repository has no commits yet; nothing to compare with' };
  const main = ['main', 'origin/main'].find((ref) => commitOf(cwd, ref));
  if (!main) return atRef(cwd, head, 'HEAD', supergraphFile, 'no main branch found; compared with HEAD');
  const mergeBase = git(cwd, ['merge-base', 'HEAD', main]);
  if (!mergeBase)
    return atRef(cwd, head, 'HEAD', supergraphFile, `HEAD and ${main} share no history; compared with HEAD`);
  if (mergeBase === head) {
    return atRef(
      cwd,
      head,
      'HEAD',
      supergraphFile,
      `HEAD is the merge base with ${main}; compared with HEAD (uncommitted changes only)`,
    );
  }
  const note = main === 'main' ? undefined : 'no local main branch; used origin/main';
  return atRef(cwd, mergeBase, `merge base with ${main} (${mergeBase.slice(0, 7)})`, supergraphFile, note);
}
