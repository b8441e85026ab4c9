import type { SchemaVersion } from '../../platform/registry/SchemaRegistry.js';
import type { OpenRegistry } from '../../platform/registry/registryConfig.js';
import type { UsageReport } from '../schema-check/readUsageReport.js';
import type { BaseSchema } from '../schema-check/resolveBaseSchema.js';

const DAY_MS = 86_400_000;

export interface RegistryBase {
  current: SchemaVersion | null;
  base: BaseSchema;
  usage: UsageReport;
}

/** What a check compares with when the base is the registry: its current version, and usage within the window. */
export async function registryBase(registry: OpenRegistry, windowDays: number, now = new Date()): Promise<RegistryBase> {
  const current = await registry.schemas.current();
  const entries = await registry.usage.since(new Date(now.getTime() - windowDays * DAY_MS));
  const usage: UsageReport = { schemaVersion: 1, generatedAt: now.toISOString(), entries };
  const window = `usage from every gateway in the last ${windowDays} day${windowDays === 1 ? '' : 's'}`;
  const base: BaseSchema = current
    ? { description: `registry version ${current._id}`, sdl: current.supergraphSdl, note: window }
    : { description: 'registry (empty)', note: 'the registry has no version yet; nothing to compare with' };
  return { current, base, usage };
}
