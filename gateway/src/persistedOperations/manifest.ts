import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * A client version's persisted operations: Apollo's persisted query manifest
 * (what Apollo Client's tooling and GraphOS read), with the client it is for.
 * One file per client version in `persisted-operations/`, named
 * `<name>@<version>.json`; deleting a file retires that version.
 */
export interface Manifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  client: { name: string; version: string };
  operations: PersistedOperation[];
}

export interface PersistedOperation {
  /** The sha256 of `body`, in hex: what a client sends as `extensions.persistedQuery.sha256Hash`. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  client: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hash in lower-case hex'),
      name: z.string().min(1),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});

/** A manifest that cannot be used: its file and what is wrong with it. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

export function operationHash(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

export function manifestFileName({ name, version }: Manifest['client']): string {
  return `${name}@${version}.json`;
}

/** Reads one manifest, refusing one that does not parse, has the wrong shape or a hash that is not its body's. */
export function parseManifest(text: string, file: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ManifestError(`${file}: not JSON: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ManifestError(`${file}: ${issue.path.join('.') || 'the manifest'}: ${issue.message}`);
  }
  const manifest = parsed.data;
  for (const { id, name, body } of manifest.operations) {
    if (operationHash(body) !== id)
      throw new ManifestError(`${file}: operation ${name}: ${id} is not the sha256 of its body`);
  }
  return manifest;
}

/** Every persisted operation of every client version, by hash. */
export interface PersistedOperations {
  /** The document of each hash. */
  bodies: ReadonlyMap<string, string>;
  /** Which client versions (`name@version`) have each hash. */
  clientsOf: ReadonlyMap<string, readonly string[]>;
  /** The clients that have a manifest, by name. */
  clientNames: ReadonlySet<string>;
  manifests: readonly { file: string; manifest: Manifest }[];
}

/**
 * Merges manifests, refusing a hash given two different documents (which would
 * need a sha256 collision, so it means a hand-edited file) and a file named for
 * another client version than the one inside it.
 */
export function mergeManifests(manifests: readonly { file: string; manifest: Manifest }[]): PersistedOperations {
  const bodies = new Map<string, string>();
  const clientsOf = new Map<string, string[]>();
  const firstFileOf = new Map<string, string>();
  for (const { file, manifest } of manifests) {
    const expected = manifestFileName(manifest.client);
    if (!file.endsWith(expected))
      throw new ManifestError(
        `${file}: holds ${manifest.client.name} ${manifest.client.version}, so must be named ${expected}`,
      );
    for (const { id, name, body } of manifest.operations) {
      const known = bodies.get(id);
      if (known !== undefined && known !== body) {
        throw new ManifestError(
          `${file}: operation ${name}: hash ${id} is also in ${firstFileOf.get(id)} with a different document`,
        );
      }
      bodies.set(id, body);
      if (!firstFileOf.has(id)) firstFileOf.set(id, file);
      const clients = clientsOf.get(id) ?? [];
      clients.push(`${manifest.client.name}@${manifest.client.version}`);
      clientsOf.set(id, clients);
    }
  }
  return { bodies, clientsOf, clientNames: new Set(manifests.map(({ manifest }) => manifest.client.name)), manifests };
}

/** Reads every `*.json` in a manifest folder; a folder that does not exist holds none. */
export function readManifests(dir: string): PersistedOperations {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') names = [];
    else throw err;
  }
  return mergeManifests(
    names.map((name) => {
      const file = join(dir, name);
      return { file, manifest: parseManifest(readFileSync(file, 'utf8'), file) };
    }),
  );
}
