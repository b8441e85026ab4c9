import { SUBGRAPH_SECRET_HEADER } from '../../../platform/secrets.js';
import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { connectMongo } from '../../../platform/mongo.js';
import { dropDatabases, mongodbUri, uniqueDbName } from '../../../test/support/databases.js';
import { GraphQLClient } from '../../../test/support/graphqlClient.js';
import { loadConfig } from '../src/config.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { createServer } from '../src/server.js';
import { INGREDIENTS } from '../src/stock/StockRepository.js';

// The gateway resolves every Ingredient of a response with one `_entities`
// request to chillybin. The names it does not know yet cost one query, however
// many; after that, each ingredient is one read by `_id` alone (the filter
// FerretDB answers without reading the whole collection), never a read by name.

const dbName = uniqueDbName('chillybin');
const finds: CommandStartedEvent[] = [];
let server: ReturnType<typeof createServer>;
let client: GraphQLClient;

beforeAll(async () => {
  const config = loadConfig({ MONGODB_URI: mongodbUri(), CHILLYBIN_DB: dbName, NODE_ENV: 'test' });
  const mongo = await connectMongo({ uri: config.mongodbUri, timeoutMs: 5000, appName: 'test', monitorCommands: true });
  await setupDatabase(mongo.db(dbName));
  mongo.on('commandStarted', (event) => {
    if (event.commandName === 'find' && event.command.find === INGREDIENTS) finds.push(event);
  });
  const logger = createLogger({ service: 'chillybin', version: 'test', level: 'silent' });
  server = createServer(config, { logger, version: 'test', mongo });
  client = new GraphQLClient(`${await server.http.listen(0, '127.0.0.1')}/graphql`, {
    [SUBGRAPH_SECRET_HEADER]: config.subgraphSecret,
  });
});

afterAll(async () => {
  await server.http.stop();
  await dropDatabases([dbName]);
});

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Ingredient { name quantity } }
  }
`;

const filterOf = (event: CommandStartedEvent) => event.command.filter as Record<string, unknown>;
const readsById = () => finds.filter((event) => Object.keys(filterOf(event)).join() === '_id');
const readsByName = () => finds.filter((event) => 'name' in filterOf(event));

async function resolve(names: string[]) {
  const representations = names.map((name) => ({ __typename: 'Ingredient', name }));
  const { _entities } = await client.data<{ _entities: ({ name: string } | null)[] }>(ENTITIES, { representations });
  return _entities.map((e) => e?.name ?? null);
}

describe('Ingredient entity resolution', () => {
  it('learns the names it has not seen in one query, then reads each ingredient by `_id`', async () => {
    finds.length = 0;
    expect(await resolve(['cheese', 'bread', 'vegemite', 'bread'])).toEqual(['cheese', 'bread', 'vegemite', 'bread']);
    expect(readsByName()).toHaveLength(1);
    expect(readsById()).toHaveLength(3);
  });

  const cases = [
    { name: 'one ingredient', names: ['cheese'] },
    { name: 'three ingredients', names: ['cheese', 'bread', 'vegemite'] },
    { name: 'repeats and an unknown one', names: ['bread', 'cheese', 'bread', 'ham', 'bread'] },
    { name: 'fifty references', names: Array.from({ length: 50 }, (_, i) => ['cheese', 'bread', 'vegemite'][i % 3]!) },
  ];

  it.each(cases)('$name: one read by `_id` per known ingredient', async ({ names }) => {
    await resolve(names);
    finds.length = 0;

    expect(await resolve(names)).toEqual(names.map((n) => (n === 'ham' ? null : n)));
    const known = new Set(names.filter((n) => n !== 'ham'));
    expect(readsById()).toHaveLength(known.size);
    // A name the bin does not have is looked for again each time: another instance may have added it since.
    expect(readsByName()).toHaveLength(names.includes('ham') ? 1 : 0);
    expect(finds).toHaveLength(readsById().length + readsByName().length);
  });
});
