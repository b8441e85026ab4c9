import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { join } from 'node:path';
import { Kind, parse, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import {
  ManifestError,
  manifestFileName,
  parseManifest,
  readManifests,
  type Manifest,
  type PersistedOperation,
} from '../../gateway/src/persistedOperations/manifest.js';

export const KIOSK = 'kiosk';
/** Written by `npm run codegen` (the client preset), beside the kiosk's typed documents. */
export const PERSISTED_DOCUMENTS = 'web/generated/persisted-documents.json';
export const MANIFEST_DIR = 'persisted-operations';

/** One persisted document as a manifest operation, refused when it is not one operation valid against the schema. */
function operationOf(id: string, body: string, schema: GraphQLSchema): PersistedOperation {
  let operations: OperationDefinitionNode[];
  try {
    const document = parse(body);
    const errors = validate(schema, document);
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
    operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch (err) {
    throw new ManifestError(`${PERSISTED_DOCUMENTS}: ${id}: ${(err as Error).message}`);
  }
  const [operation] = operations;
  if (operations.length !== 1 || !operation?.name) {
    throw new ManifestError(`${PERSISTED_DOCUMENTS}: ${id}: needs exactly one named operation`);
  }
  return { id, name: operation.name.value, type: operation.operation, body };
}

/**
 * The kiosk's manifest for its current version (package.json's), from the
 * documents the client preset hashed, each checked against the API schema.
 */
export function kioskManifest(root: string): Manifest {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  // The API schema, as the gateway serves it (this is also run by the image's build, which has no tools/schema-check).
  const schema = Supergraph.build(readFileSync(join(root, 'supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema();
  let documents: Record<string, string>;
  try {
    documents = JSON.parse(readFileSync(join(root, PERSISTED_DOCUMENTS), 'utf8')) as Record<string, string>;
  } catch (err) {
    throw new ManifestError(`${PERSISTED_DOCUMENTS}: ${(err as Error).message}; run npm run codegen`);
  }
  const operations = Object.entries(documents)
    .map(([id, body]) => operationOf(id, body, schema))
    .sort((a, b) => a.name.localeCompare(b.name));
  const manifest: Manifest = {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    client: { name: KIOSK, version },
    operations,
  };
  // The same checks as the gateway's, hashes included, so a bad manifest never gets as far as a request.
  return parseManifest(manifestText(manifest), kioskManifestPath(manifest));
}

export function kioskManifestPath(manifest: Manifest): string {
  return join(MANIFEST_DIR, manifestFileName(manifest.client));
}

export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * For `npm run build:web`: the committed manifests must all read, and the
 * kiosk's current one must be what its operations make now, or the kiosk
 * would send hashes the gateway does not know.
 */
export function checkManifests(root: string): void {
  const manifest = kioskManifest(root);
  const file = kioskManifestPath(manifest);
  const { bodies } = readManifests(join(root, MANIFEST_DIR));
  const missing = manifest.operations.filter(({ id }) => !bodies.has(id)).map(({ name }) => name);
  let committed: string | undefined;
  try {
    committed = readFileSync(join(root, file), 'utf8');
  } catch {
    // reported below
  }
  if (committed !== manifestText(manifest)) {
    throw new ManifestError(`${file} is ${committed === undefined ? 'missing' : 'stale'}${missing.length ? ` (${missing.join(', ')} not in it)` : ''}: run npm run codegen`);
  }
}
