import { type RegistryConfig } from '../../../platform/registry/registryConfig.js';
import { openRegistry, type OpenRegistry } from '../../../platform/registry/openRegistry.js';
import type { SchemaVersion } from '../../../platform/registry/SchemaRegistry.js';

/** The schema registry as the gateway uses it: where usage goes, and, when it follows it, the version to start with. */
export interface GatewayRegistry {
  open: OpenRegistry;
  /** Set when the supergraph comes from the registry. */
  initial?: SchemaVersion;
}

export async function connectGatewayRegistry(config: RegistryConfig, follow: boolean): Promise<GatewayRegistry> {
  const open = await openRegistry(config, 'gateway');
  if (!follow) return { open };
  const initial = await open.schemas.current();
  if (!initial) {
    await open.close();
    throw new Error(
      `SUPERGRAPH_SOURCE=registry, but the registry database ${config.dbName} has no version yet: ` +
        'publish one with npm run schema:publish -- <subgraph>',
    );
  }
  return { open, initial };
}
