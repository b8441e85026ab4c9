import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../platform/config.js';
import { loadConfig } from '../src/config.js';

// Subgraph URLs: one per instance, comma-separated; the supergraph's routing URL when unset.

describe('gateway subgraph URLs', () => {
  const cases = [
    { env: {}, urls: {} },
    {
      env: { CHILLYBIN_URL: 'http://a:4001/graphql,http://b:4011/graphql' },
      urls: { chillybin: ['http://a:4001/graphql', 'http://b:4011/graphql'] },
    },
    { env: { JAFFLR_URL: ' http://a:4002/graphql , ' }, urls: { jafflr: ['http://a:4002/graphql'] } },
  ];
  it.each(cases)('$env', ({ env, urls }) => {
    expect(loadConfig(env).subgraphUrls).toEqual(urls);
  });

  it.each(['http://a/graphql,ftp://b/graphql', ' , '])('rejects %j, naming the setting', (value) => {
    expect(() => loadConfig({ CHILLYBIN_URL: value })).toThrow(ConfigError);
    expect(() => loadConfig({ CHILLYBIN_URL: value })).toThrow(/CHILLYBIN_URL/);
  });
});
