import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mongodbUri } from '../../test/support/databases.js';
import { freePort } from '../../tools/dev/freePort.js';
import { WatchedMongoClient } from '../watchedMongoClient.js';

// close() landing while the client reopens itself after a stuck heartbeat:
// the reopen stops, and nothing connects once close() has resolved. The
// client is never connected here, so no real heartbeat ends the one this
// test reports as started: the watch takes it for stuck within ~350 ms.

const OPTIONS = { connectTimeoutMS: 100, heartbeatFrequencyMS: 50, serverSelectionTimeoutMS: 1000 };

function stuckClient(uri: string) {
  const client = new WatchedMongoClient(uri, OPTIONS);
  const connects = vi.spyOn(client, 'connect');
  client.emit('serverHeartbeatStarted', {} as never);
  return { client, connects };
}

/** Calls to MongoClient's own close and connect, on the watched client (`super`) and on its probes. */
function watchDriver(client: MongoClient) {
  const calls = { ownCloses: 0, probeConnects: 0, probeCloses: 0 };
  const close = MongoClient.prototype.close;
  const connect = MongoClient.prototype.connect;
  let onOwnClose = () => {};
  vi.spyOn(MongoClient.prototype, 'close').mockImplementation(function (this: MongoClient, force?: boolean) {
    if (this === client) {
      calls.ownCloses += 1;
      onOwnClose();
    } else calls.probeCloses += 1;
    return close.call(this, force);
  });
  vi.spyOn(MongoClient.prototype, 'connect').mockImplementation(function (this: MongoClient) {
    if (this !== client) calls.probeConnects += 1;
    return connect.call(this);
  });
  return { calls, whenOwnCloseStarts: (action: () => void) => (onOwnClose = action) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('WatchedMongoClient.close during a reopen', () => {
  it('while the reopen closes the old connection: it never connects again', async () => {
    const { client, connects } = stuckClient(mongodbUri());
    const driver = watchDriver(client);
    let closing: Promise<void> | undefined;
    // The reopen's own close of the old connection is the first; close() lands in the middle of it.
    driver.whenOwnCloseStarts(() => {
      driver.whenOwnCloseStarts(() => {});
      closing = client.close();
    });

    await vi.waitFor(() => expect(closing).toBeDefined(), { timeout: 10_000, interval: 20 });
    await closing;
    // A reconnect, if any, would come right after the reopen's close; give it the chance to show.
    await new Promise((resolve) => setTimeout(resolve, 4 * OPTIONS.heartbeatFrequencyMS));

    expect(connects).not.toHaveBeenCalled();
    expect(driver.calls.ownCloses).toBe(2);
  });

  it('while the reopen waits for the database: it stops waiting, leaving no probe open', async () => {
    const { client, connects } = stuckClient(`mongodb://127.0.0.1:${await freePort()}/`);
    const driver = watchDriver(client);

    await vi.waitFor(() => expect(driver.calls.probeConnects).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
    await client.close();
    const probes = driver.calls.probeConnects;
    await new Promise((resolve) => setTimeout(resolve, 4 * OPTIONS.heartbeatFrequencyMS));

    expect(driver.calls.probeCloses).toBeGreaterThanOrEqual(probes);
    expect(driver.calls.probeConnects).toBe(probes);
    expect(connects).not.toHaveBeenCalled();
  });
});
