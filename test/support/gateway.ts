import { loadConfig } from '../../gateway/src/config.js';
import { createServer } from '../../gateway/src/server.js';
import type { DestinationStream } from 'pino';
import { createLogger } from '../../platform/logger.js';
import type { System } from './system.js';

export interface ExtraGateway {
  url: string;
  server: ReturnType<typeof createServer>;
  stop(): Promise<void>;
}

/** A second gateway in front of a running system's subgraphs, with a supergraph and settings of the test's own; its log lines go to `logs` (at info), if given. */
export async function startGateway(
  system: System,
  supergraphSdl: string,
  env: Record<string, string> = {},
  { logs }: { logs?: DestinationStream } = {},
): Promise<ExtraGateway> {
  const config = loadConfig({
    NODE_ENV: 'test',
    GATEWAY_PORT: '0',
    CHILLYBIN_URL: system.urls.chillybin,
    JAFFLR_URL: system.urls.jafflr,
    SUBGRAPH_SECRET: system.secrets.subgraph,
    ...env,
  });
  const logger = createLogger({
    service: 'gateway',
    version: 'test',
    level: logs ? 'info' : 'silent',
    ...(logs ? { destination: logs } : {}),
  });
  const server = createServer(config, { logger, version: 'test', supergraphSdl });
  const url = await server.http.listen(0, '127.0.0.1');
  return { url, server, stop: () => server.http.stop() };
}
