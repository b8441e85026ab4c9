import { describe, expect, it } from 'vitest';
import { configError, namedVariables } from '../../../test/support/config.js';
import { loadConfig, type ChillybinConfig } from '../src/config.js';

const uri = 'mongodb://db.example:27017';

describe('chillybin config', () => {
  const loads: { name: string; env: Record<string, string>; expected: Partial<ChillybinConfig> }[] = [
    {
      name: 'defaults',
      env: { MONGODB_URI: uri },
      expected: {
        port: 4001,
        host: '127.0.0.1',
        mongodbUri: uri,
        dbName: 'chillybin',
        dbTimeoutMs: 3000,
        logLevel: 'info',
        nodeEnv: 'development',
        maxBodyBytes: 100_000,
        shutdownGraceMs: 10_000,
        picksAtOnce: 32,
        picksWaiting: 128,
      },
    },
    {
      name: 'one pick at a time, none waiting',
      env: { MONGODB_URI: uri, PICKS_AT_ONCE: '1', PICKS_WAITING: '0' },
      expected: { picksAtOnce: 1, picksWaiting: 0 },
    },
    { name: 'a port', env: { MONGODB_URI: uri, CHILLYBIN_PORT: '5001' }, expected: { port: 5001 } },
    { name: 'port 0 (any free port)', env: { MONGODB_URI: uri, CHILLYBIN_PORT: '0' }, expected: { port: 0 } },
    { name: 'an empty value counts as unset', env: { MONGODB_URI: uri, CHILLYBIN_PORT: '' }, expected: { port: 4001 } },
    {
      name: 'a mongodb+srv URI',
      env: { MONGODB_URI: 'mongodb+srv://c.example/x' },
      expected: { mongodbUri: 'mongodb+srv://c.example/x' },
    },
    { name: 'a log level', env: { MONGODB_URI: uri, LOG_LEVEL: 'debug' }, expected: { logLevel: 'debug' } },
    {
      name: 'production',
      env: { MONGODB_URI: uri, NODE_ENV: 'production', SUBGRAPH_SECRET: 's'.repeat(16), ADMIN_TOKEN: 'a'.repeat(16) },
      expected: { nodeEnv: 'production' },
    },
    { name: 'all interfaces', env: { MONGODB_URI: uri, HOST: '0.0.0.0' }, expected: { host: '0.0.0.0' } },
  ];

  it.each(loads)('$name', ({ env, expected }) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  const errors: { name: string; env: Record<string, string>; variables: string[] }[] = [
    { name: 'MONGODB_URI missing', env: {}, variables: ['MONGODB_URI'] },
    { name: 'MONGODB_URI not a mongodb URI', env: { MONGODB_URI: 'http://db:27017' }, variables: ['MONGODB_URI'] },
    {
      name: 'a port that is not a number',
      env: { MONGODB_URI: uri, CHILLYBIN_PORT: 'abc' },
      variables: ['CHILLYBIN_PORT'],
    },
    { name: 'a port above 65535', env: { MONGODB_URI: uri, CHILLYBIN_PORT: '70000' }, variables: ['CHILLYBIN_PORT'] },
    { name: 'a negative port', env: { MONGODB_URI: uri, CHILLYBIN_PORT: '-1' }, variables: ['CHILLYBIN_PORT'] },
    { name: 'a fractional port', env: { MONGODB_URI: uri, CHILLYBIN_PORT: '4001.5' }, variables: ['CHILLYBIN_PORT'] },
    { name: 'an unknown log level', env: { MONGODB_URI: uri, LOG_LEVEL: 'loud' }, variables: ['LOG_LEVEL'] },
    { name: 'an unknown NODE_ENV', env: { MONGODB_URI: uri, NODE_ENV: 'staging' }, variables: ['NODE_ENV'] },
    { name: 'a database name with a dot', env: { MONGODB_URI: uri, CHILLYBIN_DB: 'a.b' }, variables: ['CHILLYBIN_DB'] },
    { name: 'a zero timeout', env: { MONGODB_URI: uri, DB_TIMEOUT_MS: '0' }, variables: ['DB_TIMEOUT_MS'] },
    {
      name: 'no pick at a time, a fraction waiting',
      env: { MONGODB_URI: uri, PICKS_AT_ONCE: '0', PICKS_WAITING: '1.5' },
      variables: ['PICKS_AT_ONCE', 'PICKS_WAITING'],
    },
    {
      name: 'every problem at once',
      env: { CHILLYBIN_PORT: 'abc', LOG_LEVEL: 'loud' },
      variables: ['CHILLYBIN_PORT', 'MONGODB_URI', 'LOG_LEVEL'],
    },
  ];

  it.each(errors)('$name: a ConfigError naming $variables', ({ env, variables }) => {
    const error = configError(() => loadConfig(env));
    expect(namedVariables(error).sort()).toEqual([...variables].sort());
    for (const variable of variables) expect(error?.message).toContain(variable);
  });
});
