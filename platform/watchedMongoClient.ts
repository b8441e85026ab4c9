import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, type MongoClientOptions } from 'mongodb';

/**
 * A MongoClient that gets over a stuck server monitor. mongodb 7.9's monitor
 * can hang for good when the server goes away just as a heartbeat starts: the
 * heartbeat's write to the closed socket waits for a 'drain' that never comes,
 * and the client never learns that the server is back (seen when devdb
 * restarts under load, test/faults.test.ts: chillybin kept failing long after
 * the database answered again, with no heartbeat finishing). A heartbeat is at
 * most a connect and a hello, each bounded by connectTimeoutMS; one running for
 * much longer is stuck, so the client is closed and connected again. Its Db and
 * Collection objects stay valid; until it is connected, operations fail with
 * MongoNotConnectedError, which the services report as the database not answering.
 */
export class WatchedMongoClient extends MongoClient {
  #heartbeatStartedAt: number | undefined;
  #reopening = false;
  #closedForGood = false;
  readonly #retryMs: number;
  readonly #heartbeatWatch: NodeJS.Timeout;

  constructor(uri: string, options: MongoClientOptions & { connectTimeoutMS: number; heartbeatFrequencyMS: number }) {
    super(uri, options);
    const stuckAfterMs = 3 * options.connectTimeoutMS + options.heartbeatFrequencyMS;
    this.#retryMs = options.heartbeatFrequencyMS;
    this.on('serverHeartbeatStarted', () => (this.#heartbeatStartedAt = Date.now()));
    this.on('serverHeartbeatSucceeded', () => (this.#heartbeatStartedAt = undefined));
    this.on('serverHeartbeatFailed', () => (this.#heartbeatStartedAt = undefined));
    this.#heartbeatWatch = setInterval(() => {
      const started = this.#heartbeatStartedAt;
      if (!this.#reopening && started !== undefined && Date.now() - started > stuckAfterMs) void this.#reopen();
    }, options.heartbeatFrequencyMS);
    this.#heartbeatWatch.unref();
  }

  /** Closing it for good (at shutdown) also stops the watch. */
  override async close(force?: boolean): Promise<void> {
    this.#closedForGood = true;
    clearInterval(this.#heartbeatWatch);
    await super.close(force);
  }

  async #reopen(): Promise<void> {
    this.#reopening = true;
    this.#heartbeatStartedAt = undefined;
    try {
      await super.close();
      while (!this.#closedForGood) {
        try {
          await this.connect();
          // Closed for good while connecting: do not leave it open.
          if (this.#closedForGood) await super.close();
          return;
        } catch {
          // Not answering yet (connect waited serverSelectionTimeoutMS); try again shortly.
          await sleep(this.#retryMs);
        }
      }
    } finally {
      this.#reopening = false;
    }
  }
}
