import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../platform/config.js';
import { loadConfig as gatewayConfig } from '../../gateway/src/config.js';
import { loadConfig as chillybinConfig } from '../../subgraphs/chillybin/src/config.js';
import { loadConfig as jafflrConfig } from '../../subgraphs/jafflr/src/config.js';

const mongo = { MONGODB_URI: 'mongodb://127.0.0.1:27017' };
const strong = 'a-secret-of-enough-length';

function problems(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.split(':')[0]!);
    throw err;
  }
}

describe('secrets in the configuration', () => {
  const cases = [
    {
      name: 'gateway in production without a secret',
      load: () => gatewayConfig({ NODE_ENV: 'production' }),
      problems: ['SUBGRAPH_SECRET'],
    },
    {
      name: 'chillybin in production without secret or token',
      load: () => chillybinConfig({ ...mongo, NODE_ENV: 'production' }),
      problems: ['SUBGRAPH_SECRET', 'ADMIN_TOKEN'],
    },
    {
      name: 'jafflr in production without a secret',
      load: () => jafflrConfig({ ...mongo, NODE_ENV: 'production' }),
      problems: ['SUBGRAPH_SECRET'],
    },
    {
      name: 'a short secret, anywhere',
      load: () => chillybinConfig({ ...mongo, SUBGRAPH_SECRET: 'short', ADMIN_TOKEN: strong }),
      problems: ['SUBGRAPH_SECRET'],
    },
    {
      name: 'chillybin in production with both',
      load: () => chillybinConfig({ ...mongo, NODE_ENV: 'production', SUBGRAPH_SECRET: strong, ADMIN_TOKEN: strong }),
      problems: [],
    },
    { name: 'development without them (development defaults)', load: () => chillybinConfig(mongo), problems: [] },
  ];

  it.each(cases)('$name', ({ load, problems: expected }) => {
    expect(problems(load)).toEqual(expected);
  });

  it('turns introspection off in production unless GRAPH_EXPLORER=true', () => {
    const production = { NODE_ENV: 'production', SUBGRAPH_SECRET: strong };
    expect(gatewayConfig(production).graphExplorer).toBe(false);
    expect(gatewayConfig({ ...production, GRAPH_EXPLORER: 'true' }).graphExplorer).toBe(true);
    expect(gatewayConfig({}).graphExplorer).toBe(true);
  });

  it('has operation limits with defaults and settings', () => {
    expect(gatewayConfig({}).limits).toEqual({ maxDepth: 8, maxAliases: 15, maxTokens: 1000 });
    expect(gatewayConfig({ MAX_DEPTH: '5', MAX_ALIASES: '2', MAX_TOKENS: '300' }).limits).toEqual({
      maxDepth: 5,
      maxAliases: 2,
      maxTokens: 300,
    });
  });
});
