import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';
import { startServiceProcess, type ServiceName, type ServiceProcess } from '../../tools/dev/serviceProcess.js';

/** One subgraph secret and one admin token for every process a test file starts, as `npm start` does. */
export const secrets = {
  subgraph: randomBytes(24).toString('base64url'),
  admin: randomBytes(24).toString('base64url'),
};

/** What the gateway sends a subgraph, for a test that calls one directly. */
export const subgraphHeaders = { [SUBGRAPH_SECRET_HEADER]: secrets.subgraph };

/** For restocking through the gateway. */
export const adminHeaders = { authorization: `Bearer ${secrets.admin}` };

export interface RunningService extends ServiceProcess {
  port: number;
  /** Its log lines so far (pino JSON), for assertions and for a failing test's report. */
  logs: string[];
}

const portEnv: Record<ServiceName, string> = {
  chillybin: 'CHILLYBIN_PORT',
  jafflr: 'JAFFLR_PORT',
  gateway: 'GATEWAY_PORT',
};

/** Starts a service as a real process on `port` and waits until /ready answers. */
export async function startService(
  name: ServiceName,
  port: number,
  env: Record<string, string>,
): Promise<RunningService> {
  const service = await startServiceProcess({
    name,
    port,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      SUBGRAPH_SECRET: secrets.subgraph,
      ADMIN_TOKEN: secrets.admin,
      ...env,
      [portEnv[name]]: String(port),
    },
    output: 'pipe',
  });
  const logs: string[] = [];
  for (const stream of [service.child.stdout!, service.child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => logs.push(line));
  }
  return Object.assign(service, { port, logs });
}

/** Whether `url` answers at all; false when the connection is refused. */
export async function readiness(baseUrl: string): Promise<number | 'refused'> {
  try {
    const response = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'refused';
  }
}
