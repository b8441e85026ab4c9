import type { GraphQLSchema } from 'graphql';
import type { KnownUses } from './classifyChanges.js';
import type { OperationFile } from './loadOperations.js';
import type { UsageReport } from './readUsageReport.js';
import { schemaCoordinatesUsed } from './schemaCoordinatesUsed.js';

/**
 * Who uses what in the base schema: each operation file by path, each client of
 * the gateway's usage report as `client name/version`. Read against the base,
 * because that is where a removed element still exists.
 */
export function knownUses(base: GraphQLSchema, operations: OperationFile[], usage: UsageReport | undefined): KnownUses {
  const uses: KnownUses = new Map();
  const add = (coordinate: string, who: string) => uses.set(coordinate, [...(uses.get(coordinate) ?? []), who]);
  for (const op of operations) {
    if (op.document) for (const use of schemaCoordinatesUsed(base, op.document)) add(use.coordinate, op.file);
  }
  for (const e of usage?.entries ?? [])
    add(e.coordinate, `client ${e.clientName}/${e.clientVersion} (${e.count} uses)`);
  return uses;
}
