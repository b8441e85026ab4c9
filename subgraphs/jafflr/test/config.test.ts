import { describe, expect, it } from 'vitest';
import { configError, namedVariables } from '../../../test/support/config.js';
import { loadConfig, type JafflrConfig } from '../src/config.js';

const uri = 'mongodb://db.example:27017';

describe('jafflr config', () => {
  const loads: { name: string; env: Record<string, string>; expected: Partial<JafflrConfig> }[] = [
    {
      name: 'defaults',
      env: { MONGODB_URI: uri },
      expected: {
        port: 4002,
        host: '127.0.0.1',
        dbName: 'jafflr',
        chillybinUrls: ['http://127.0.0.1:4001/graphql'],
        chillybinTimeoutMs: 2000,
        settleIntervalMs: 1000,
        toastieDeadlineMs: 5000,
        toastiesAtOnce: 16,
        toastiesWaiting: 64,
        keyRetentionMs: 24 * 60 * 60_000,
        cookTimeScale: 1,
        logLevel: 'info',
        shutdownGraceMs: 15_000,
      },
    },
    { name: 'a port', env: { MONGODB_URI: uri, JAFFLR_PORT: '5002' }, expected: { port: 5002 } },
    {
      name: 'a shorter deadline',
      env: { MONGODB_URI: uri, TOASTIE_DEADLINE_MS: '1500' },
      expected: { toastieDeadlineMs: 1500 },
    },
    {
      name: 'one toastie at a time, none waiting',
      env: { MONGODB_URI: uri, TOASTIES_AT_ONCE: '1', TOASTIES_WAITING: '0' },
      expected: { toastiesAtOnce: 1, toastiesWaiting: 0 },
    },
    { name: 'instant cooking', env: { MONGODB_URI: uri, COOK_TIME_SCALE: '0' }, expected: { cookTimeScale: 0 } },
    { name: 'half-time cooking', env: { MONGODB_URI: uri, COOK_TIME_SCALE: '0.5' }, expected: { cookTimeScale: 0.5 } },
    {
      name: 'chillybin elsewhere',
      env: { MONGODB_URI: uri, CHILLYBIN_URL: 'https://chillybin.example/graphql' },
      expected: { chillybinUrls: ['https://chillybin.example/graphql'] },
    },
    {
      name: 'two chillybin instances',
      env: { MONGODB_URI: uri, CHILLYBIN_URL: 'http://a:4001/graphql, http://b:4011/graphql' },
      expected: { chillybinUrls: ['http://a:4001/graphql', 'http://b:4011/graphql'] },
    },
  ];

  it.each(loads)('$name', ({ env, expected }) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  const errors: { name: string; env: Record<string, string>; variables: string[] }[] = [
    { name: 'MONGODB_URI missing', env: {}, variables: ['MONGODB_URI'] },
    { name: 'a port that is not a number', env: { MONGODB_URI: uri, JAFFLR_PORT: 'abc' }, variables: ['JAFFLR_PORT'] },
    {
      name: 'a negative cook-time scale',
      env: { MONGODB_URI: uri, COOK_TIME_SCALE: '-1' },
      variables: ['COOK_TIME_SCALE'],
    },
    {
      name: 'a cook-time scale in words',
      env: { MONGODB_URI: uri, COOK_TIME_SCALE: 'fast' },
      variables: ['COOK_TIME_SCALE'],
    },
    {
      name: 'CHILLYBIN_URL not a URL',
      env: { MONGODB_URI: uri, CHILLYBIN_URL: 'chillybin' },
      variables: ['CHILLYBIN_URL'],
    },
    {
      name: 'CHILLYBIN_URL not http',
      env: { MONGODB_URI: uri, CHILLYBIN_URL: 'ftp://chillybin/graphql' },
      variables: ['CHILLYBIN_URL'],
    },
    {
      name: 'a zero chillybin timeout',
      env: { MONGODB_URI: uri, CHILLYBIN_TIMEOUT_MS: '0' },
      variables: ['CHILLYBIN_TIMEOUT_MS'],
    },
    {
      name: 'no toastie at a time',
      env: { MONGODB_URI: uri, TOASTIES_AT_ONCE: '0', TOASTIES_WAITING: '-1' },
      variables: ['TOASTIES_AT_ONCE', 'TOASTIES_WAITING'],
    },
    { name: 'an unknown log level', env: { MONGODB_URI: uri, LOG_LEVEL: 'verbose' }, variables: ['LOG_LEVEL'] },
  ];

  it.each(errors)('$name: a ConfigError naming $variables', ({ env, variables }) => {
    const error = configError(() => loadConfig(env));
    expect(namedVariables(error).sort()).toEqual([...variables].sort());
    for (const variable of variables) expect(error?.message).toContain(variable);
  });
});
