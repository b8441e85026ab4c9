import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { readSupergraphConfig, type SubgraphSource } from '../../gateway/src/composeSupergraph.js';
import type { SchemaVersion } from '../../platform/registry/SchemaRegistry.js';
import type { OpenRegistry } from '../../platform/registry/openRegistry.js';
import { summaryOf } from '../schema-check/formatReport.js';
import { checkSchema, ExitCode, type SchemaCheckReport } from '../schema-check/runSchemaCheck.js';
import { UsageError } from '../schema-check/UsageError.js';
import { registryBase } from './registryBase.js';

export interface PublishOptions {
  cwd: string;
  configFile: string;
  operations: string;
  subgraph: string;
  /** The new schema of `subgraph`; default its file in `configFile`. */
  schemaFile?: string | undefined;
  dryRun: boolean;
  publishedBy: string;
  gitCommit?: string | undefined;
  windowDays: number;
  registry: OpenRegistry;
  /** When the check runs: the usage window ends here (tests move it on rather than wait days). */
  now?: Date | undefined;
}

export interface PublishResult {
  report: SchemaCheckReport;
  /** The version checked against (0: the registry was empty). */
  against: number;
  /** What was stored; absent for a dry run, a failed check, or no change. */
  published?: SchemaVersion;
  outcome: 'published' | 'would publish' | 'refused by the check' | 'no change';
}

function localSubgraphs(configFile: string): SubgraphSource[] {
  return existsSync(configFile) ? readSupergraphConfig(configFile) : [];
}

/**
 * The subgraphs after the publish: the registry's current ones (or, for the first
 * publish, those of supergraph.yaml) with `subgraph` replaced by its new schema.
 */
function subgraphsAfter(options: PublishOptions, current: SchemaVersion | null): SubgraphSource[] {
  const { cwd, configFile, subgraph, schemaFile } = options;
  const local = localSubgraphs(configFile);
  const known: SubgraphSource[] = current
    ? current.subgraphs.map((s) => ({ ...s, file: `registry version ${current._id}` }))
    : local;
  const mine = local.find((s) => s.name === subgraph) ?? known.find((s) => s.name === subgraph);
  if (!mine) {
    const names = [...new Set([...known, ...local].map((s) => s.name))].join(', ');
    throw new UsageError(`unknown subgraph ${subgraph}; the known subgraphs are ${names || 'none'}`);
  }
  let sdl = mine.sdl;
  let file = mine.file;
  if (schemaFile) {
    try {
      sdl = readFileSync(schemaFile, 'utf8');
      file = relative(cwd, schemaFile);
    } catch (err) {
      throw new UsageError(`cannot read --schema ${schemaFile}: ${(err as Error).message}`);
    }
  }
  const replaced = { name: subgraph, url: mine.url, file, sdl };
  const others = known.filter((s) => s.name !== subgraph);
  return [...others, replaced].sort((a, b) => a.name.localeCompare(b.name));
}

/** `schema:publish`: the checks of `schema:check` against the registry's current version, then the new version stored. */
export async function publishSchema(options: PublishOptions): Promise<PublishResult> {
  const { registry } = options;
  const { current, base, usage } = await registryBase(registry, options.windowDays, options.now);
  const against = current?._id ?? 0;
  const subgraphs = subgraphsAfter(options, current);
  const checked = await checkSchema({
    cwd: options.cwd,
    configFile: options.configFile,
    supergraphFile: '',
    operations: options.operations,
    base,
    usage,
    subgraphs: () => subgraphs,
  });
  const { report, supergraphSdl } = checked;
  if (report.exitCode !== ExitCode.ok || !supergraphSdl) return { report, against, outcome: 'refused by the check' };
  if (current && current.supergraphSdl === supergraphSdl && sameSchemas(current, subgraphs)) {
    return { report, against, outcome: 'no change' };
  }
  if (options.dryRun) return { report, against, outcome: 'would publish' };

  const published = await registry.schemas.publish(
    against,
    {
      supergraphSdl,
      subgraphs: subgraphs.map(({ name, url, sdl }) => ({ name, url, sdl })),
      action: 'publish',
      subgraph: options.subgraph,
      publishedBy: options.publishedBy,
      ...(options.gitCommit ? { gitCommit: options.gitCommit } : {}),
      changes: changeLines(report),
      check: { exitCode: report.exitCode, summary: summaryOf(report) },
    },
    options.now,
  );
  return { report, against, published, outcome: 'published' };
}

function sameSchemas(current: SchemaVersion, subgraphs: SubgraphSource[]): boolean {
  return (
    current.subgraphs.length === subgraphs.length &&
    subgraphs.every((s) => current.subgraphs.some((c) => c.name === s.name && c.sdl === s.sdl && c.url === s.url))
  );
}

export const changeLines = (report: SchemaCheckReport) =>
  report.changes.map((c) => `${c.verdict} ${c.coordinate}: ${c.message}${c.note ? ` (${c.note})` : ''}`);
