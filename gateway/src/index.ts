import { readFileSync } from 'node:fs';
import { createLogger } from '../../platform/logger.js';
import { main, runService } from '../../platform/runService.js';
import { serviceVersion } from '../../platform/version.js';
import { loadConfig } from './config.js';
import { connectGatewayRegistry } from './registry/gatewayRegistry.js';
import { createServer } from './server.js';

main(async () => {
  const config = loadConfig(process.env);
  const version = serviceVersion(process.env);
  const logger = createLogger({ service: 'gateway', version, level: config.logLevel });
  const registry = config.registry && (await connectGatewayRegistry(config.registry, config.supergraphSource === 'registry'));
  const supergraphSdl = registry?.initial?.supergraphSdl ?? readFileSync(config.supergraphPath, 'utf8');
  if (registry?.initial) logger.info({ version: registry.initial._id }, 'serving the schema registry\'s current version');
  const { http, subgraphs } = createServer(config, { logger, version, supergraphSdl, ...(registry ? { registry } : {}) });
  logger.info({ subgraphs }, 'routing to subgraphs');
  await runService('gateway', http, { port: config.port, host: config.host, logger });
});
