import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gatewayEnv } from '../gateway/src/config.js';
import { chillybinEnv } from '../subgraphs/chillybin/src/config.js';
import { jafflrEnv } from '../subgraphs/jafflr/src/config.js';

// .env.example is the list of settings people read: every variable a service's config reads must be in it.

const documented = new Set(
  readFileSync(new URL('../.env.example', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined),
);

describe('.env.example', () => {
  const services = [
    { name: 'chillybin', variables: Object.keys(chillybinEnv({})) },
    { name: 'jafflr', variables: Object.keys(jafflrEnv({})) },
    { name: 'gateway', variables: Object.keys(gatewayEnv({})) },
  ];

  it.each(services)('lists every setting $name reads', ({ variables }) => {
    expect(variables.filter((v) => !documented.has(v))).toEqual([]);
  });

  it('lists nothing that no service reads, beyond the tooling settings', () => {
    const read = new Set(services.flatMap((s) => s.variables));
    const tooling = [
      'DEVDB_DATA',
      'DEVDB_PORT',
      'SERVICE_VERSION',
      'CHROMIUM_PATH',
      'CRASH_SEED',
      'CRASH_MOMENTS',
      'USAGE_WINDOW_DAYS',
    ];
    expect([...documented].filter((v) => !read.has(v) && !tooling.includes(v))).toEqual([]);
  });
});
