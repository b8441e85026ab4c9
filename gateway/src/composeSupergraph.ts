import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { StartupError } from '../../platform/startupError.js';

const SupergraphConfig = z.object({
  federation_version: z.union([z.string(), z.number()]).optional(),
  subgraphs: z.record(
    z.string(),
    z.object({
      routing_url: z.string(),
      schema: z.object({ file: z.string() }),
    }),
  ),
});

export interface SubgraphSource {
  name: string;
  url: string;
  file: string;
  sdl: string;
}

export class CompositionError extends StartupError {
  override name = 'CompositionError';

  constructor(readonly problems: string[]) {
    super(`Composition failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads Rover's supergraph.yaml and the schema file of each subgraph it names. */
export function readSupergraphConfig(configPath: string): SubgraphSource[] {
  const parsed = SupergraphConfig.safeParse(parseYaml(readFileSync(configPath, 'utf8')));
  if (!parsed.success) {
    throw new CompositionError(parsed.error.issues.map((i) => `${configPath}: ${i.path.join('.')}: ${i.message}`));
  }
  const base = dirname(configPath);
  return Object.entries(parsed.data.subgraphs).map(([name, { routing_url, schema }]) => {
    const file = resolve(base, schema.file);
    return { name, url: routing_url, file, sdl: readFileSync(file, 'utf8') };
  });
}

/**
 * Composes the subgraphs into a supergraph SDL with Apollo's own composition
 * library (what Rover runs). Every error names the subgraph it comes from.
 */
export function composeSupergraph(subgraphs: SubgraphSource[]): string {
  const problems: string[] = [];
  const services = subgraphs.flatMap(({ name, url, sdl }) => {
    try {
      return [{ name, url, typeDefs: parse(sdl) }];
    } catch (err) {
      problems.push(`[${name}] ${(err as Error).message}`);
      return [];
    }
  });
  if (problems.length > 0) throw new CompositionError(problems);

  const result = composeServices(services);
  if (result.errors) {
    const names = subgraphs.map((s) => s.name);
    throw new CompositionError(
      result.errors.map((e) =>
        names.some((n) => e.message.includes(`[${n}]`)) ? e.message : `[supergraph] ${e.message}`,
      ),
    );
  }
  return result.supergraphSdl;
}
