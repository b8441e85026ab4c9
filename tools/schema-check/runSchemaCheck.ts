import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { validate, type GraphQLSchema } from 'graphql';
import {
  composeSupergraph,
  CompositionError,
  readSupergraphConfig,
  type SubgraphSource,
} from '../../gateway/src/composeSupergraph.js';
import { apiSchemaOf } from './apiSchemaOf.js';
import { classifyChanges, type SchemaChange } from './classifyChanges.js';
import { knownUses } from './knownUses.js';
import { loadOperations, type OperationFile } from './loadOperations.js';
import { readUsageReport, type UsageReport } from './readUsageReport.js';
import { resolveBaseSchema, type BaseSchema } from './resolveBaseSchema.js';
import { schemaCoordinatesUsed, type UsageKind } from './schemaCoordinatesUsed.js';
import { UsageError } from './UsageError.js';

export interface SchemaCheckOptions {
  cwd: string;
  /** Rover's supergraph config, `supergraph.yaml`. */
  configFile: string;
  /** The committed composition output, `supergraph.graphql`; compared with composition unless `subgraphs` is given. */
  supergraphFile: string;
  baseRef?: string | undefined;
  baseSchemaFile?: string | undefined;
  /** A base found elsewhere (the schema registry); `baseRef` and `baseSchemaFile` are then not looked at. */
  base?: BaseSchema | undefined;
  /** Glob of the frontend's operation files, relative to `cwd`. */
  operations: string;
  usageFile?: string | undefined;
  /** Usage found elsewhere (the schema registry), used as the file's would be. */
  usage?: UsageReport | undefined;
  /**
   * The subgraphs to compose instead of those `configFile` names (a publish to the
   * registry: its current subgraphs with one replaced). There is then no committed
   * supergraph to compare with.
   */
  subgraphs?: (() => SubgraphSource[]) | undefined;
}

export interface OperationCheck {
  file: string;
  errors: string[];
  deprecated: { coordinate: string; kind: UsageKind; reason: string }[];
}

export const ExitCode = { ok: 0, breaking: 1, composition: 2, usage: 3, crashed: 4, registry: 5, conflict: 6 } as const;

export interface SchemaCheckReport {
  composition: { subgraphs: string[]; errors: string[] };
  /** null when composition failed, so there is nothing to compare the file with; file null when none is compared. */
  supergraph: { file: string | null; upToDate: boolean | null };
  base: { description: string; note?: string };
  changes: SchemaChange[];
  operations: { pattern: string; files: OperationCheck[] };
  exitCode: number;
}

function compose(sources: () => SubgraphSource[]): { subgraphs: string[]; sdl?: string; errors: string[] } {
  let names: string[] = [];
  try {
    const subgraphs = sources();
    names = subgraphs.map((s) => s.name);
    return { subgraphs: names, sdl: composeSupergraph(subgraphs), errors: [] };
  } catch (err) {
    const errors = err instanceof CompositionError ? err.problems : [(err as Error).message];
    return { subgraphs: names, errors };
  }
}

function checkOperation(schema: GraphQLSchema, op: OperationFile): OperationCheck {
  if (!op.document) return { file: op.file, errors: [op.parseError ?? 'cannot parse'], deprecated: [] };
  const errors = validate(schema, op.document).map((e) => e.message);
  const deprecated = schemaCoordinatesUsed(schema, op.document).flatMap(({ coordinate, kind, deprecationReason }) =>
    deprecationReason === undefined ? [] : [{ coordinate, kind, reason: deprecationReason }],
  );
  return { file: op.file, errors, deprecated };
}

function baseApiSchema(sdl: string, description: string): GraphQLSchema {
  try {
    return apiSchemaOf(sdl);
  } catch (err) {
    throw new UsageError(`the base schema (${description}) is not a valid schema: ${(err as Error).message}`);
  }
}

/**
 * What CI asks of a schema change: the subgraphs compose, the committed supergraph
 * is current, clients are not broken, and the frontend's operations still hold.
 * Throws UsageError for mistakes in the options; every other finding is reported.
 */
export async function runSchemaCheck(options: SchemaCheckOptions): Promise<SchemaCheckReport> {
  return (await checkSchema(options)).report;
}

/** The check, and the supergraph it composed (when it did), for a publish to store. */
export async function checkSchema(
  options: SchemaCheckOptions,
): Promise<{ report: SchemaCheckReport; supergraphSdl?: string; subgraphs: SubgraphSource[] }> {
  const { cwd, configFile, supergraphFile, operations: pattern, usageFile } = options;
  const usage = options.usage ?? (usageFile ? readUsageReport(usageFile) : undefined);
  const compareFile = options.subgraphs === undefined;
  if (compareFile && !existsSync(configFile)) throw new UsageError(`supergraph config ${configFile} not found`);
  let subgraphs: SubgraphSource[] = [];
  const composed = compose(
    () => (subgraphs = options.subgraphs ? options.subgraphs() : readSupergraphConfig(configFile)),
  );
  const report: SchemaCheckReport = {
    composition: { subgraphs: composed.subgraphs, errors: composed.errors },
    supergraph: { file: compareFile ? relative(cwd, supergraphFile) : null, upToDate: null },
    base: { description: 'none' },
    changes: [],
    operations: { pattern, files: [] },
    exitCode: ExitCode.composition,
  };
  if (!composed.sdl) return { report, subgraphs };

  report.supergraph.upToDate =
    !compareFile || (existsSync(supergraphFile) && readFileSync(supergraphFile, 'utf8') === composed.sdl);
  const api = apiSchemaOf(composed.sdl);
  const operations = loadOperations(pattern, cwd);

  const base =
    options.base ??
    resolveBaseSchema({ cwd, supergraphFile, baseRef: options.baseRef, baseSchemaFile: options.baseSchemaFile });
  report.base = base.note ? { description: base.description, note: base.note } : { description: base.description };
  if (base.sdl !== undefined) {
    const baseApi = baseApiSchema(base.sdl, base.description);
    report.changes = await classifyChanges(baseApi, api, knownUses(baseApi, operations, usage));
  }
  report.operations.files = operations.map((op) => checkOperation(api, op));

  const failed =
    report.changes.some((c) => c.verdict === 'breaking') || report.operations.files.some((f) => f.errors.length > 0);
  report.exitCode = !report.supergraph.upToDate ? ExitCode.composition : failed ? ExitCode.breaking : ExitCode.ok;
  return { report, supergraphSdl: composed.sdl, subgraphs };
}
