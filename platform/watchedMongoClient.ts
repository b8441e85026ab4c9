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
  /** The reopen under way, if any. */
  #reopening: Promise<void> | undefined;
  /** Aborted by `close`: a reopen under way stops at its next step and never connects again. */
  readonly #closing = new AbortController();
  readonly #retryMs: number;
  readonly #uri: string;
  readonly #probeOptions: MongoClientOptions;
  readonly #heartbeatWatch: NodeJS.Timeout;

  constructor(uri: string, options: MongoClientOptions & { connectTimeoutMS: number; heartbeatFrequencyMS: number }) {
    super(uri, options);
    const stuckAfterMs = 3 * options.connectTimeoutMS + options.heartbeatFrequencyMS;
    this.#retryMs = options.heartbeatFrequencyMS;
    this.#uri = uri;
    this.#probeOptions = {
      serverSelectionTimeoutMS: options.connectTimeoutMS,
      connectTimeoutMS: options.connectTimeoutMS,
    };
    this.on('serverHeartbeatStarted', () => (this.#heartbeatStartedAt = Date.now()));
    this.on('serverHeartbeatSucceeded', () => (this.#heartbeatStartedAt = undefined));
    this.on('serverHeartbeatFailed', () => (this.#heartbeatStartedAt = undefined));
    this.#heartbeatWatch = setInterval(() => {
      const started = this.#heartbeatStartedAt;
      if (this.#reopening || started === undefined || Date.now() - started <= stuckAfterMs) return;
      this.#reopening = this.#reopen().finally(() => (this.#reopening = undefined));
    }, options.heartbeatFrequencyMS);
    this.#heartbeatWatch.unref();
  }

  /**
   * Closing it for good (at shutdown) stops the watch and cancels a reopen
   * under way, waiting for it to stop, so that nothing connects once this resolves.
   */
  override async close(force?: boolean): Promise<void> {
    this.#closing.abort();
    clearInterval(this.#heartbeatWatch);
    await this.#reopening;
    await super.close(force);
  }

  async #reopen(): Promise<void> {
    const { signal } = this.#closing;
    this.#heartbeatStartedAt = undefined;
    try {
      while (!(await this.#serverAnswers(signal))) await sleep(this.#retryMs, undefined, { signal });
      signal.throwIfAborted();
      await super.close();
      signal.throwIfAborted();
      await this.connect();
    } catch {
      // Closed meanwhile, or gone again in between: the next stuck heartbeat, if any, starts over.
    }
  }

  /** Whether a client of its own, with a monitor of its own, reaches the server now. */
  async #serverAnswers(signal: AbortSignal): Promise<boolean> {
    signal.throwIfAborted();
    const probe = new MongoClient(this.#uri, this.#probeOptions);
    const closeProbe = () => void probe.close().catch(() => undefined);
    signal.addEventListener('abort', closeProbe, { once: true });
    try {
      await probe.connect();
      await probe.db('admin').command({ ping: 1 });
      return true;
    } catch {
      return false;
    } finally {
      signal.removeEventListener('abort', closeProbe);
      await probe.close().catch(() => undefined);
    }
  }
}
