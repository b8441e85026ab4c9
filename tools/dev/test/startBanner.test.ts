import { describe, expect, it } from 'vitest';
import { startBanner } from '../startBanner.js';

// What `npm start` prints when it is ready: the gateway's URLs first, the
// subgraphs and the database last, marked internal.

const system = {
  gateway: 'http://127.0.0.1:4000',
  chillybinUrl: 'http://127.0.0.1:4001/graphql',
  jafflrUrl: 'http://127.0.0.1:4002/graphql',
  adminToken: 'token-123',
};

/** Each line's first word, in order, for the lines that name something. */
function labels(banner: string): string[] {
  return banner
    .split('\n')
    .map((line) => /^([a-z]+) {2,}/.exec(line)?.[1])
    .filter((label): label is string => label !== undefined);
}

describe('startBanner', () => {
  const cases = [
    {
      name: 'the embedded database',
      database: { uri: 'mongodb://127.0.0.1:40000/', dataDir: '/repo/.devdb/data' },
      databaseLine: 'database    mongodb://127.0.0.1:40000/   (embedded FerretDB, data in /repo/.devdb/data)',
    },
    {
      name: 'a MongoDB with a password',
      database: { uri: 'mongodb+srv://toastie:hunter2@db.example.com/' },
      databaseLine: 'database    mongodb+srv://…@db.example.com/',
    },
    {
      name: 'a MongoDB of your own',
      database: { uri: 'mongodb://127.0.0.1:27017' },
      databaseLine: 'database    mongodb://127.0.0.1:27017',
    },
  ];

  it.each(cases)('with $name: gateway first, internal last', ({ database, databaseLine }) => {
    const banner = startBanner({ ...system, database });
    expect(labels(banner)).toEqual([
      'home',
      'gateway',
      'graphiql',
      'kiosk',
      'usage',
      'admin',
      'chillybin',
      'jafflr',
      'database',
    ]);
    const lines = banner.split('\n');
    expect(lines.indexOf(databaseLine)).toBeGreaterThan(lines.findIndex((l) => l.startsWith('internal')));
    expect(lines.findIndex((l) => l.startsWith('internal'))).toBeLessThan(
      lines.findIndex((l) => l.startsWith('chillybin')),
    );
    expect(banner).toContain('gateway     http://127.0.0.1:4000/graphql');
    expect(banner).toContain('admin       authorization: Bearer token-123');
    expect(lines.at(-1)).toBe('Ready. Ctrl-C stops everything.');
    expect(banner).not.toContain('hunter2');
  });
});
