import { describe, expect, it } from 'vitest';
import { configError, namedVariables } from '../../test/support/config.js';
import { loadConfig, type GatewayConfig } from '../src/config.js';

describe('gateway config', () => {
  const loads: { name: string; env: Record<string, string>; expected: Partial<GatewayConfig> }[] = [
    {
      name: 'defaults: no database, the committed supergraph, its own routing URLs',
      env: {},
      expected: {
        port: 4000,
        host: '127.0.0.1',
        supergraphPath: expect.stringMatching(/\/supergraph\.graphql$/),
        subgraphUrls: {},
        subgraphTimeoutMs: 15_000,
        graphExplorer: true,
        nodeEnv: 'development',
        shutdownGraceMs: 10_000,
      },
    },
    { name: 'a port', env: { GATEWAY_PORT: '8080' }, expected: { port: 8080 } },
    {
      name: 'subgraph URLs override the routing URLs',
      env: { CHILLYBIN_URL: 'http://chillybin:4001/graphql', JAFFLR_URL: 'http://jafflr:4002/graphql' },
      expected: {
        subgraphUrls: { chillybin: ['http://chillybin:4001/graphql'], jafflr: ['http://jafflr:4002/graphql'] },
      },
    },
    {
      name: 'several instances of a subgraph, comma-separated',
      env: { CHILLYBIN_URL: 'http://a:4001/graphql,http://b:4011/graphql' },
      expected: { subgraphUrls: { chillybin: ['http://a:4001/graphql', 'http://b:4011/graphql'] } },
    },
    {
      name: 'blanks and a trailing comma in a URL list are ignored',
      env: { JAFFLR_URL: ' http://a:4002/graphql , ' },
      expected: { subgraphUrls: { jafflr: ['http://a:4002/graphql'] } },
    },
    {
      name: 'explorer off in production',
      env: { NODE_ENV: 'production', SUBGRAPH_SECRET: 's'.repeat(16) },
      expected: { graphExplorer: false },
    },
    {
      name: 'explorer on in production when asked',
      env: { NODE_ENV: 'production', SUBGRAPH_SECRET: 's'.repeat(16), GRAPH_EXPLORER: 'true' },
      expected: { graphExplorer: true },
    },
    {
      name: 'explorer off in development when asked',
      env: { GRAPH_EXPLORER: '0' },
      expected: { graphExplorer: false },
    },
  ];

  it.each(loads)('$name', ({ env, expected }) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  const errors: { name: string; env: Record<string, string>; variables: string[] }[] = [
    { name: 'a port that is not a number', env: { GATEWAY_PORT: 'abc' }, variables: ['GATEWAY_PORT'] },
    { name: 'a port above 65535', env: { GATEWAY_PORT: '65536' }, variables: ['GATEWAY_PORT'] },
    { name: 'CHILLYBIN_URL not a URL', env: { CHILLYBIN_URL: 'chillybin:4001' }, variables: ['CHILLYBIN_URL'] },
    { name: 'JAFFLR_URL not http', env: { JAFFLR_URL: 'ws://jafflr:4002/graphql' }, variables: ['JAFFLR_URL'] },
    {
      name: 'a URL list with one URL not http',
      env: { CHILLYBIN_URL: 'http://a/graphql,ftp://b/graphql' },
      variables: ['CHILLYBIN_URL'],
    },
    { name: 'a URL list with no URL in it', env: { CHILLYBIN_URL: ' , ' }, variables: ['CHILLYBIN_URL'] },
    { name: 'GRAPH_EXPLORER not a flag', env: { GRAPH_EXPLORER: 'yes' }, variables: ['GRAPH_EXPLORER'] },
    { name: 'an unknown log level', env: { LOG_LEVEL: 'loud' }, variables: ['LOG_LEVEL'] },
    { name: 'a zero subgraph timeout', env: { SUBGRAPH_TIMEOUT_MS: '0' }, variables: ['SUBGRAPH_TIMEOUT_MS'] },
  ];

  it.each(errors)('$name: a ConfigError naming $variables', ({ env, variables }) => {
    const error = configError(() => loadConfig(env));
    expect(namedVariables(error).sort()).toEqual([...variables].sort());
    for (const variable of variables) expect(error?.message).toContain(variable);
  });
});
