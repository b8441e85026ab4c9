import { readFileSync } from 'node:fs';
import { serviceLogger } from '../../platform/logger.js';
import { runService } from '../../platform/runService.js';
import { StartupError } from '../../platform/startupError.js';
import { serviceVersion } from '../../platform/version.js';
import { loadConfig } from './config.js';
import { createServer } from './server.js';

/**
 * @apollo/gateway sends usage metrics to Apollo and probes cloud metadata
 * addresses (169.254.169.254) unless this is set; a gateway here talks only
 * to its subgraphs. Its only switch is this variable, read when one is built.
 */
function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}

function readSupergraph(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new StartupError(
      `gateway could not read the supergraph at ${path} (SUPERGRAPH_PATH): ${(err as Error).message}. Compose it with \`npm run compose\`.`,
      {
        cause: err,
      },
    );
  }
}

/** The gateway's process, once tracing is set up (index.ts). */
export async function runGateway(): Promise<void> {
  disableApolloTelemetry();
  const config = loadConfig(process.env);
  const version = serviceVersion(process.env);
  const logger = serviceLogger('gateway', version, config);
  // Loaded only when there is a registry: the driver is no part of a gateway that serves a file.
  const registry =
    config.registry &&
    (await (
      await import('./registry/gatewayRegistry.js')
    ).connectGatewayRegistry(config.registry, config.supergraphSource === 'registry'));
  const supergraphSdl = registry?.initial?.supergraphSdl ?? readSupergraph(config.supergraphPath);
  if (registry?.initial)
    logger.info({ version: registry.initial._id }, "serving the schema registry's current version");
  const { http, subgraphs } = createServer(config, {
    logger,
    version,
    supergraphSdl,
    ...(registry ? { registry } : {}),
  });
  logger.info({ subgraphs }, 'routing to subgraphs');
  await runService('gateway', http, { port: config.port, host: config.host, logger });
}
