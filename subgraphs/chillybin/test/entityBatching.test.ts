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
// request to chillybin; that request must cost one database query, however many.

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

describe('Ingredient entity resolution', () => {
  const cases = [
    { name: 'one ingredient', names: ['cheese'] },
    { name: 'three ingredients', names: ['cheese', 'bread', 'vegemite'] },
    { name: 'repeats and an unknown one', names: ['bread', 'cheese', 'bread', 'ham', 'bread'] },
    { name: 'fifty references', names: Array.from({ length: 50 }, (_, i) => ['cheese', 'bread', 'vegemite'][i % 3]!) },
  ];

  it.each(cases)('$name: one find on the ingredients collection', async ({ names }) => {
    finds.length = 0;
    const representations = names.map((name) => ({ __typename: 'Ingredient', name }));

    const { _entities } = await client.data<{ _entities: ({ name: string } | null)[] }>(ENTITIES, { representations });

    expect(_entities.map((e) => e?.name ?? null)).toEqual(names.map((n) => (n === 'ham' ? null : n)));
    expect(finds).toHaveLength(1);
  });
});
