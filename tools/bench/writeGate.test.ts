import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/databases.js';
import { readWriteGate } from './writeGate.js';

describe('devdb write gate totals', () => {
  const database = useTestDatabase('write_gate');

  it('counts each write command the gate let through, with the time it held the gate', async () => {
    const before = await readWriteGate(database.mongo);
    expect(before).toBeDefined();
    await database.db.collection('gated').insertOne({ at: new Date() });
    await database.db.collection('gated').updateOne({}, { $set: { again: true } });
    // Other test files write to the same devdb at the same time, so at least these two.
    const after = (await readWriteGate(database.mongo))!;
    expect(after.writes).toBeGreaterThanOrEqual(before!.writes + 2);
    expect(after.heldNanos).toBeGreaterThan(before!.heldNanos);
    expect(after.queuedNanos).toBeGreaterThanOrEqual(before!.queuedNanos);
  });
});
