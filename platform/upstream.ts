import { Pool, type Dispatcher } from 'undici';
import { CallerGoneError, type CallerGone } from './requestScope.js';

/**
 * How a call to another service failed before any response came back, which
 * decides what may safely be done next:
 * - `not-sent`: the connection was never made, so the service never saw the
 *   request; sending it to another instance is safe, even for a write.
 * - `lost`: the connection broke (reset, closed) after the request may have
 *   been written; the service may or may not have acted on it.
 * - `timeout`: the request went out and no answer came in time; a slow service
 *   still finishes what it was asked.
 */
export type CallFailure = 'not-sent' | 'lost' | 'timeout';

const notSentCodes = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
const lostCodes = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Classifies an undici error; undefined for anything that is not a connection failure. */
export function callFailure(err: unknown): CallFailure | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, name, cause } = err as { code?: unknown; name?: unknown; cause?: unknown };
  if (typeof code === 'string') {
    if (notSentCodes.has(code)) return 'not-sent';
    if (lostCodes.has(code)) return 'lost';
    if (timeoutCodes.has(code)) return 'timeout';
  }
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  return cause === undefined ? undefined : callFailure(cause);
}

/**
 * How a call ends when its deadline passes. An Error, not the DOMException
 * that `AbortSignal.timeout` uses: a logged DOMException carries its 25 legacy
 * constants (INDEX_SIZE_ERR and the rest) into every log line.
 */
class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** A POST to one of a service's instances. */
export interface Post {
  body: string;
  headers: Readonly<Record<string, string>>;
}

/** An instance's answer, read whole. */
export interface Answer {
  /** The instance that answered. */
  url: string;
  status: number;
  contentType: string | undefined;
  body: string;
}

export interface Endpoint {
  url: string;
  /** Path and query to request on the endpoint's origin. */
  path: string;
  pool: Pool;
  /** When it last refused a connection (ms since epoch), 0 when it has not. */
  refusedAt: number;
}

export interface EndpointsOptions {
  /** Bounds connecting; the caller bounds the whole call. */
  connectTimeoutMs: number;
  connections?: number;
  /** How long an endpoint that refused a connection is passed over. */
  restMs?: number;
}

const NONE_TRIED: ReadonlySet<Endpoint> = new Set();

export interface SendOptions {
  /** Whether a call whose connection was lost may go once more: true for reads only. */
  resendLost?: boolean;
  /** Told of every failed attempt, and whether the call goes on to another. */
  onFailure?: (err: unknown, attempt: { endpoint: Endpoint; failure: CallFailure | undefined; again: boolean }) => void;
}

export interface PostOptions extends SendOptions {
  /** Bounds the whole call, failover included. */
  timeoutMs: number;
}

/**
 * The instances of one service, each with a pool of kept-alive connections,
 * taken in turn. One that has just refused a connection is passed over for a
 * moment (while it restarts, say), unless every one of them has.
 */
export class Endpoints {
  private readonly all: readonly Endpoint[];
  private turn = 0;
  private readonly restMs: number;

  constructor(urls: readonly string[], { connectTimeoutMs, connections = 64, restMs = 1000 }: EndpointsOptions) {
    if (urls.length === 0) throw new Error('at least one URL is needed');
    this.restMs = restMs;
    this.all = urls.map((raw) => {
      const url = new URL(raw);
      return {
        url: raw,
        path: url.pathname + url.search,
        pool: new Pool(url.origin, {
          connections,
          connectTimeout: connectTimeoutMs,
          // Timeouts are the caller's, as one deadline per call.
          headersTimeout: 0,
          bodyTimeout: 0,
          keepAliveTimeout: 30_000,
        }),
        refusedAt: 0,
      };
    });
  }

  /**
   * The next endpoint in turn, passing over those already `tried` for this
   * call and those resting after a refusal, unless there is no other.
   */
  private next(tried: ReadonlySet<Endpoint> = NONE_TRIED): Endpoint {
    const { all } = this;
    const now = Date.now();
    let chosen = 0;
    let chosenScore = Infinity;
    for (let k = 0; k < all.length && chosenScore > 0; k++) {
      const candidate = all[(this.turn + k) % all.length]!;
      const score = (tried.has(candidate) ? 2 : 0) + (now - candidate.refusedAt < this.restMs ? 1 : 0);
      if (score < chosenScore) [chosen, chosenScore] = [k, score];
    }
    const endpoint = all[(this.turn + chosen) % all.length]!;
    this.turn = (this.turn + chosen + 1) % all.length;
    return endpoint;
  }

  /**
   * Sends one call, failing over between the instances. A connection that
   * was refused means the instance never saw the request, so it goes to the
   * next instance, even a write, until each has been tried. A connection lost
   * after the request may have arrived is sent once more only when
   * `resendLost` (a read, which is harmless twice), to another instance when
   * there is one. Nothing that timed out is sent again: the instance may still
   * be doing it. The last failure is thrown as it came; `callFailure` says
   * what it was. `attempt` bounds itself (one deadline for the whole call).
   */
  async send<T>(
    attempt: (endpoint: Endpoint) => Promise<T>,
    { resendLost = false, onFailure }: SendOptions = {},
  ): Promise<T> {
    const tried = new Set<Endpoint>();
    let resent = false;
    let endpoint = this.next();
    for (;;) {
      tried.add(endpoint);
      try {
        const result = await attempt(endpoint);
        this.answered(endpoint);
        return result;
      } catch (err) {
        const failure = callFailure(err);
        if (failure === 'not-sent') this.refused(endpoint);
        const again =
          failure === 'not-sent' ? tried.size < this.all.length : failure === 'lost' && resendLost && !resent;
        if (failure === 'lost' && again) resent = true;
        onFailure?.(err, { endpoint, failure, again });
        if (!again) throw err;
        endpoint = this.next(tried);
      }
    }
  }

  /**
   * POSTs to the instances, failing over as `send` does, and reads the answer
   * whole; the whole call ends with a TimeoutError when `timeoutMs` has
   * passed, and the request in flight is aborted then. When its caller goes
   * first (`callerGone`), the call ends with a CallerGoneError, and is not
   * sent again.
   */
  post(request: Post, options: PostOptions, callerGone?: CallerGone): Promise<Answer> {
    const due = performance.now() + options.timeoutMs;
    return this.send((endpoint) => postOnce(endpoint, request, due, callerGone), options);
  }

  private refused(endpoint: Endpoint): void {
    endpoint.refusedAt = Date.now();
  }

  private answered(endpoint: Endpoint): void {
    if (endpoint.refusedAt !== 0) endpoint.refusedAt = 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((e) => e.pool.close()));
  }
}

/** One POST to one instance, settled by `due` (a `performance.now()` time) at the latest, or when its caller goes. */
function postOnce(endpoint: Endpoint, { body, headers }: Post, due: number, callerGone?: CallerGone): Promise<Answer> {
  const ms = Math.ceil(due - performance.now());
  if (ms <= 0) return Promise.reject(new TimeoutError('no time was left to call again'));
  if (callerGone?.gone) return Promise.reject(new CallerGoneError());
  return new Promise((resolve, reject) => {
    endpoint.pool.dispatch(
      { path: endpoint.path, method: 'POST', headers, body },
      new AnswerReader(endpoint.url, ms, resolve, reject, callerGone),
    );
  });
}

/**
 * Gathers an answer's body as it comes, for a call that reads it whole: what
 * undici's `request` does, without the stream it builds for the body, the
 * AbortSignal a deadline needs and the listener on it, per call. The deadline
 * is a timer that rejects the call when it fires and aborts the request,
 * whether it is under way or still waiting for a connection; its caller
 * going (`callerGone`, when given) does the same.
 */
class AnswerReader implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  /** Why the call was given up before its answer came: its deadline, or its caller gone. */
  private givenUp: Error | undefined;
  private readonly timer: NodeJS.Timeout;
  private status = 0;
  private contentType: string | undefined;
  private readonly chunks: Buffer[] = [];
  private readonly stopListening: (() => void) | undefined;

  constructor(
    private readonly url: string,
    ms: number,
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (err: unknown) => void,
    callerGone?: CallerGone,
  ) {
    this.timer = setTimeout(() => this.giveUp(new TimeoutError(`no answer within ${ms} ms`)), ms);
    this.stopListening = callerGone?.whenGone(() => this.giveUp(new CallerGoneError()));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.givenUp) controller.abort(this.givenUp);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.status = statusCode;
    const contentType = headers['content-type'];
    this.contentType = Array.isArray(contentType) ? contentType[0] : contentType;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.done();
    const { chunks } = this;
    const body = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    this.resolve({ url: this.url, status: this.status, contentType: this.contentType, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.done();
    this.reject(err);
  }

  private giveUp(reason: Error): void {
    this.done();
    this.givenUp = reason;
    this.reject(reason);
    this.controller?.abort(reason);
  }

  private done(): void {
    clearTimeout(this.timer);
    this.stopListening?.();
  }
}
