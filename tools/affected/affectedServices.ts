import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';
import { importGraph, reaches } from './importGraph.js';

export const SERVICES = {
  gateway: 'gateway',
  chillybin: 'subgraphs/chillybin',
  jafflr: 'subgraphs/jafflr',
  web: 'web',
} as const;

export type ServiceName = keyof typeof SERVICES;

export interface AffectedService {
  name: ServiceName;
  /** The changed files that affect it. */
  because: string[];
}

/** Files every service is built from: dependencies and compiler settings. */
const SHARED_BY_ALL = new Set(['package.json', 'package-lock.json', 'tsconfig.json']);

/** What the gateway serves is composed from these: supergraph.yaml and the schema files it names. */
function supergraphInputs(root: string): Set<string> {
  const inputs = new Set(['supergraph.yaml', 'supergraph.graphql']);
  const configFile = join(root, 'supergraph.yaml');
  if (!existsSync(configFile)) return inputs;
  const config = parseYaml(readFileSync(configFile, 'utf8')) as {
    subgraphs?: Record<string, { schema?: { file?: string } }>;
  };
  for (const { schema } of Object.values(config?.subgraphs ?? {})) {
    if (schema?.file) inputs.add(join(schema.file).split('\\').join('/'));
  }
  return inputs;
}

/** A service's own code: everything it runs, tests left out (they are not shipped). */
function entryFiles(root: string, folder: string): string[] {
  return globSync(`${folder}/**/*.{ts,tsx,mts,js,jsx,mjs}`, {
    cwd: root,
    ignore: ['**/node_modules/**', '**/dist/**', '**/test/**', '**/*.test.*'],
  });
}

/**
 * The services a set of changed files affects. A service is affected by a change
 * inside its folder, to any file its code imports or opens by URL (so a change in
 * platform/ affects every service importing it), or to the files all services
 * share. The gateway is also affected by every input of the supergraph.
 */
export function affectedServices(root: string, changedFiles: string[]): AffectedService[] {
  const supergraph = supergraphInputs(root);
  return (Object.entries(SERVICES) as [ServiceName, string][]).flatMap(([name, folder]) => {
    const touched = changedFiles.some((file) => file.startsWith(`${folder}/`));
    if (!existsSync(join(root, folder)) && !touched) return [];
    const graph = importGraph(root, entryFiles(root, folder));
    const because = changedFiles.filter(
      (file) =>
        file.startsWith(`${folder}/`) ||
        SHARED_BY_ALL.has(file) ||
        reaches(graph, file) ||
        (name === 'gateway' && supergraph.has(file)),
    );
    return because.length > 0 ? [{ name, because }] : [];
  });
}
