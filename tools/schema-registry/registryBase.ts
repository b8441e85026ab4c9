import type { SchemaVersion } from '../../platform/registry/SchemaRegistry.js';
import type { OpenRegistry } from '../../platform/registry/openRegistry.js';
import type { UsageReport } from '../schema-check/readUsageReport.js';
import type { BaseSchema } from '../schema-check/resolveBaseSchema.js';
import { apiSchemaOf } from '../schema-check/apiSchemaOf.js';

const DAY_MS = 86_400_000;

export interface RegistryBase {
  current: SchemaVersion | null;
  base: BaseSchema;
  usage: UsageReport;
}

/** What a check compares with when the base is the registry: its current version, and usage within the window. */
export async function registryBase(
  registry: OpenRegistry,
  windowDays: number,
  now = new Date(),
): Promise<RegistryBase> {
  const current = await registry.schemas.current();
  const base = current && (await loadableBase(registry, current));
  const entries = await registry.usage.since(new Date(now.getTime() - windowDays * DAY_MS));
  const usage: UsageReport = { schemaVersion: 1, generatedAt: now.toISOString(), entries };
  const window = `usage from every gateway in the last ${windowDays} day${windowDays === 1 ? '' : 's'}`;
  if (!base) {
    return {
      current,
      usage,
      base: { description: 'registry (empty)', note: 'the registry has no version yet; nothing to compare with' },
    };
  }
  const skipped =
    base._id === current?._id
      ? ''
      : `; versions ${base._id + 1} to ${current?._id} do not load, so no gateway serves them`;
  return {
    current,
    usage,
    base: { description: `registry version ${base._id}`, sdl: base.supergraphSdl, note: `${window}${skipped}` },
  };
}

/**
 * The newest version that loads: what the gateways serve. A version that does not
 * (stored by hand, behind the checks) is passed over rather than blocking every publish.
 */
async function loadableBase(registry: OpenRegistry, current: SchemaVersion): Promise<SchemaVersion | null> {
  for (let version: SchemaVersion | null = current; version;) {
    try {
      apiSchemaOf(version.supergraphSdl);
      return version;
    } catch {
      version = version._id > 1 ? await registry.schemas.version(version._id - 1) : null;
    }
  }
  return null;
}
