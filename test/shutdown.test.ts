import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabases, mongodbUri, uniqueDbName } from './support/databases.js';
import { GraphQLClient, type GraphQLResult } from './support/graphqlClient.js';
import { eventually } from '../tools/dev/eventually.js';
import { freePort } from '../tools/dev/freePort.js';
import { readiness, startService, subgraphHeaders, type RunningService } from './support/processes.js';

// Graceful shutdown of real service processes: SIGTERM while a toastie is cooking.

const dbNames = { chillybin: uniqueDbName('chillybin'), jafflr: uniqueDbName('jafflr') };
let chillybin: RunningService;

beforeAll(async () => {
  chillybin = await startService('chillybin', await freePort(), {
    MONGODB_URI: mongodbUri(),
    CHILLYBIN_DB: dbNames.chillybin,
  });
});
afterAll(async () => {
  await chillybin?.stop();
  await dropDatabases(Object.values(dbNames));
});

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const MAKE = /* GraphQL */ `
  mutation { makeToastie(input: { fillings: ["cheese"], doneness: MEDIUM }) { id doneness } }
`;

describe('a service stopped with SIGTERM', () => {
  it('turns unready at once, refuses new connections, finishes the toastie in flight, closes its database and exits 0', async () => {
    const jafflr = await startService('jafflr', await freePort(), {
      MONGODB_URI: mongodbUri(),
      JAFFLR_DB: dbNames.jafflr,
      CHILLYBIN_URL: `${chillybin.url}/graphql`,
      // MEDIUM cooks for 2 s: long enough to stop the service in the middle of it.
      COOK_TIME_SCALE: '1',
    });
    const client = new GraphQLClient(`${jafflr.url}/graphql`, subgraphHeaders);
    expect(await readiness(jafflr.url)).toBe(200);

    let settled = false;
    const inFlight = fetch(`${jafflr.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...subgraphHeaders },
      body: JSON.stringify({ query: MAKE }),
    }).finally(() => (settled = true));
    await eventually('the toastie is cooking', async () =>
      (await client.data(`{ status }`)).status === 'TOASTING' ? true : undefined,
    );

    jafflr.child.kill('SIGTERM');
    const unready = await eventually('readiness fails', async () => {
      const status = await readiness(jafflr.url);
      return status === 200 ? undefined : status;
    });
    expect([503, 'refused']).toContain(unready);
    expect(await refusesConnections(jafflr.port)).toBe(true);
    expect(settled).toBe(false);

    const response = await inFlight;
    // So that the client does not send another request on a connection about to close.
    expect(response.headers.get('connection')).toBe('close');
    const result = (await response.json()) as GraphQLResult;
    expect(result.errors).toBeUndefined();
    expect(result.data?.makeToastie).toMatchObject({ doneness: 'MEDIUM' });

    expect(await jafflr.exited).toBe(0);
    // The toastie in flight is logged as a "graphql operation" when it finishes, before the service stops.
    const messages = jafflr.logs
      .map((line) => (JSON.parse(line) as { msg: string }).msg)
      .filter((msg) => msg !== 'graphql operation');
    // "stopped" is logged only once the database client and chillybin's pools are closed.
    expect(messages.slice(messages.indexOf('jafflr shutting down'))).toEqual([
      'jafflr shutting down',
      'jafflr stopped',
    ]);
  });

  it('leaves the gateway unready while a subgraph has no instance answering, and every service exits 0', async () => {
    const jafflrEnv = {
      MONGODB_URI: mongodbUri(),
      JAFFLR_DB: dbNames.jafflr,
      CHILLYBIN_URL: `${chillybin.url}/graphql`,
      COOK_TIME_SCALE: '0',
    };
    const jafflrPort = await freePort();
    let jafflr = await startService('jafflr', jafflrPort, jafflrEnv);
    const gateway = await startService('gateway', await freePort(), {
      CHILLYBIN_URL: `${chillybin.url}/graphql`,
      JAFFLR_URL: `${jafflr.url}/graphql`,
    });

    expect(await jafflr.stop()).toBe(0);
    const body = await eventually('the gateway turns unready', async () => {
      const response = await fetch(`${gateway.url}/ready`);
      return response.status === 503 ? ((await response.json()) as { checks: Record<string, string> }) : undefined;
    });
    expect(body.checks).toMatchObject({
      'subgraph chillybin': 'ok',
      'subgraph jafflr': expect.stringMatching(/not answering/),
    });

    jafflr = await startService('jafflr', jafflrPort, jafflrEnv);
    await eventually('the gateway is ready again', async () =>
      (await readiness(gateway.url)) === 200 ? true : undefined,
    );

    for (const service of [gateway, jafflr, chillybin]) {
      expect(await service.stop()).toBe(0);
      expect(service.logs.some((line) => line.includes(`"${service.name} stopped"`))).toBe(true);
    }
  });
});
