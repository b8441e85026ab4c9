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
 * much longer is stuck. Then, once a fresh client reaches the server, this one
 * is closed and connected again at once; its Db and Collection objects stay
 * valid, and until then its operations keep failing as the database not answering.
 */
export class WatchedMongoClient extends MongoClient {
  #heartbeatStartedAt: number | undefined;
  #reopening = false;
  #closedForGood = false;
  readonly #retryMs: number;
  readonly #uri: string;
  readonly #probeOptions: MongoClientOptions;
  readonly #heartbeatWatch: NodeJS.Timeout;

  constructor(uri: string, options: MongoClientOptions & { connectTimeoutMS: number; heartbeatFrequencyMS: number }) {
    super(uri, options);
    const stuckAfterMs = 3 * options.connectTimeoutMS + options.heartbeatFrequencyMS;
    this.#retryMs = options.heartbeatFrequencyMS;
    this.#uri = uri;
    this.#probeOptions = { serverSelectionTimeoutMS: options.connectTimeoutMS, connectTimeoutMS: options.connectTimeoutMS };
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
      while (!this.#closedForGood && !(await this.#serverAnswers())) await sleep(this.#retryMs);
      if (this.#closedForGood) return;
      await super.close();
      await this.connect();
    } catch {
      // Gone again in between: the next stuck heartbeat, if any, starts over.
    } finally {
      this.#reopening = false;
    }
  }

  /** Whether a client of its own, with a monitor of its own, reaches the server now. */
  async #serverAnswers(): Promise<boolean> {
    const probe = new MongoClient(this.#uri, this.#probeOptions);
    try {
      await probe.connect();
      await probe.db('admin').command({ ping: 1 });
      return true;
    } catch {
      return false;
    } finally {
      await probe.close().catch(() => undefined);
    }
  }
}
