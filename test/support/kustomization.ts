import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

/** A Kubernetes object as written in a manifest: enough shape to find and compare things. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface JsonPatchOp {
  op: 'replace' | 'add';
  path: string;
  value: unknown;
}

interface Kustomization {
  apiVersion: string;
  kind: 'Kustomization';
  resources: string[];
  labels?: { pairs: Record<string, string> }[];
  images?: { name: string; newTag: string }[];
  patches?: { target: { group?: string; version?: string; kind: string; name?: string }; patch: string }[];
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'labels', 'images', 'patches']);

/** Every object of a multi-document YAML file. */
export function readManifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);
}

/**
 * What `kustomize build dir` gives for the features our kustomizations use
 * (resources, labels on metadata, image tags, JSON 6902 patches), with no
 * kustomize binary: any other field, a missing resource or a patch that hits
 * nothing throws, so the files cannot drift from what this checks.
 */
export function buildKustomization(dir: string): Manifest[] {
  const file = join(dir, 'kustomization.yaml');
  const k = parseYaml(readFileSync(file, 'utf8')) as Kustomization;
  const unknown = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unknown.length > 0) throw new Error(`${file}: fields this check does not model: ${unknown.join(', ')}`);
  if (k.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.kind !== 'Kustomization') {
    throw new Error(`${file} is not a kustomize.config.k8s.io/v1beta1 Kustomization`);
  }
  const manifests = k.resources.flatMap((resource) => {
    const path = join(dir, resource);
    if (!existsSync(path)) throw new Error(`${file}: resource ${resource} does not exist`);
    return statSync(path).isDirectory() ? buildKustomization(path) : readManifests(path);
  });
  for (const { pairs } of k.labels ?? []) {
    for (const m of manifests) m.metadata.labels = { ...m.metadata.labels, ...pairs };
  }
  for (const { name, newTag } of k.images ?? []) {
    const containers = manifests.flatMap(containersOf).filter((c) => c.image.split(':')[0] === name);
    if (containers.length === 0) throw new Error(`${file}: image ${name} is used by no container`);
    for (const c of containers) c.image = `${name}:${newTag}`;
  }
  for (const { target, patch } of k.patches ?? []) {
    const hits = manifests.filter(
      (m) =>
        m.kind === target.kind &&
        (target.name === undefined || m.metadata.name === target.name) &&
        m.apiVersion === [target.group, target.version].filter(Boolean).join('/'),
    );
    if (hits.length === 0) throw new Error(`${file}: a patch's target ${JSON.stringify(target)} matches nothing`);
    for (const m of hits) for (const op of parseYaml(patch) as JsonPatchOp[]) applyOp(m, op, file);
  }
  return manifests;
}

function applyOp(target: Manifest, { op, path, value }: JsonPatchOp, file: string): void {
  const keys = path.split('/').slice(1);
  const last = keys.pop()!;
  let node = target as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (op === 'replace' && !(last in node)) throw new Error(`${file}: ${path} is not in ${target.metadata.name}`);
  if (op !== 'replace' && op !== 'add') throw new Error(`${file}: patch op ${String(op)} is not modelled`);
  node[last] = value;
}

export interface Container {
  name: string;
  image: string;
  [field: string]: unknown;
}

/** The containers of a workload's pod template (none for other kinds). */
export function containersOf(m: Manifest): Container[] {
  const spec = m.spec as { template?: { spec?: { containers?: Container[] } } } | undefined;
  return spec?.template?.spec?.containers ?? [];
}
