import { describe, expect, it } from 'vitest';
import { indexesOf, useTestDatabase } from '../../../test/support/databases.js';
import { setupDatabase } from '../src/db/setupDatabase.js';

const database = useTestDatabase('jafflr');

describe('jafflr database setup', () => {
  it('run twice: the second run creates nothing and leaves the same indexes', async () => {
    const first = await setupDatabase(database.db);
    const indexes = await indexesOf(database.db);
    const second = await setupDatabase(database.db);

    expect(first).toEqual({
      created: ['toasties.toasties_createdAt', 'toastie_keys.toastie_keys_createdAt'],
      unchanged: [],
      listBuilt: true,
    });
    expect(second).toEqual({ created: [], unchanged: first.created, listBuilt: false });
    expect(await indexesOf(database.db)).toEqual(indexes);
  });
});
