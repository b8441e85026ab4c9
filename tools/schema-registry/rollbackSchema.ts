import type { SchemaVersion } from '../../platform/registry/SchemaRegistry.js';
import type { OpenRegistry } from '../../platform/registry/openRegistry.js';
import { summaryOf } from '../schema-check/formatReport.js';
import { checkSchema, type SchemaCheckReport } from '../schema-check/runSchemaCheck.js';
import { UsageError } from '../schema-check/UsageError.js';
import { changeLines } from './publishSchema.js';
import { registryBase } from './registryBase.js';

export interface RollbackOptions {
  cwd: string;
  configFile: string;
  operations: string;
  version: number;
  dryRun: boolean;
  publishedBy: string;
  gitCommit?: string | undefined;
  windowDays: number;
  registry: OpenRegistry;
}

export interface RollbackResult {
  report: SchemaCheckReport;
  against: number;
  published?: SchemaVersion;
  outcome: 'rolled back' | 'would roll back';
}

/**
 * `schema:rollback`: the schemas of an earlier version become a new version. It is
 * checked like a publish and its verdict recorded, but a rollback is how one undoes
 * a bad publish in a hurry, so a breaking verdict is reported, not refused.
 */
export async function rollbackSchema(options: RollbackOptions): Promise<RollbackResult> {
  const { registry, version } = options;
  const target = await registry.schemas.version(version);
  const { current, base, usage } = await registryBase(registry, options.windowDays);
  const against = current?._id ?? 0;
  if (against === version) throw new UsageError(`version ${version} is already the current version`);
  const { report } = await checkSchema({
    cwd: options.cwd,
    configFile: options.configFile,
    supergraphFile: '',
    operations: options.operations,
    base,
    usage,
    subgraphs: () => target.subgraphs.map((s) => ({ ...s, file: `registry version ${version}` })),
  });
  if (options.dryRun) return { report, against, outcome: 'would roll back' };
  const published = await registry.schemas.publish(against, {
    supergraphSdl: target.supergraphSdl,
    subgraphs: target.subgraphs,
    action: 'rollback',
    rollbackOf: version,
    publishedBy: options.publishedBy,
    ...(options.gitCommit ? { gitCommit: options.gitCommit } : {}),
    changes: changeLines(report),
    check: { exitCode: report.exitCode, summary: summaryOf(report) },
  });
  return { report, against, published, outcome: 'rolled back' };
}
