import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

const URI = 'mongodb://db.example:27017';

describe('the gateway registry settings', () => {
  const cases = [
    { name: 'the file by default, no registry', env: {}, source: 'file', registry: undefined },
    { name: 'MONGODB_URI alone does not turn it on', env: { MONGODB_URI: URI }, source: 'file', registry: undefined },
    {
      name: 'REGISTRY_MONGODB_URI sends usage there, the file still served',
      env: { REGISTRY_MONGODB_URI: URI },
      source: 'file',
      registry: { uri: URI, dbName: 'registry', timeoutMs: 3000 },
    },
    {
      name: 'following the registry on MONGODB_URI',
      env: { SUPERGRAPH_SOURCE: 'registry', MONGODB_URI: URI, REGISTRY_DB: 'schemas' },
      source: 'registry',
      registry: { uri: URI, dbName: 'schemas', timeoutMs: 3000 },
    },
  ];

  it.each(cases)('$name', ({ env, source, registry }) => {
    const config = loadConfig({ NODE_ENV: 'test', ...env });
    expect(config.supergraphSource).toBe(source);
    expect(config.registry).toEqual(registry);
    expect(config.supergraphPollMs).toBe(5000);
  });

  const refused = [
    {
      env: { SUPERGRAPH_SOURCE: 'registry' },
      message: /SUPERGRAPH_SOURCE: registry needs REGISTRY_MONGODB_URI or MONGODB_URI/,
    },
    { env: { SUPERGRAPH_SOURCE: 'uplink' }, message: /SUPERGRAPH_SOURCE: .*(file|registry)/ },
    { env: { SUPERGRAPH_POLL_MS: '0' }, message: /SUPERGRAPH_POLL_MS/ },
    { env: { REGISTRY_MONGODB_URI: 'http://db' }, message: /REGISTRY_MONGODB_URI: must be a mongodb:\/\// },
  ];

  it.each(refused)('refuses $env', ({ env, message }) => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(message);
  });
});
