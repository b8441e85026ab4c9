import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from './logger.js';

/** Carried from the client through the gateway to every subgraph call, and back in the response. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * How long the caller will wait for this request, in milliseconds from when it
 * is received, after Envoy's `x-envoy-expected-rq-timeout-ms`: the gateway sends
 * its subgraph timeout, jafflr what is left of its own. A relative time, so no
 * two clocks need to agree. Work that would finish after the caller has gone
 * is not started.
 */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout-ms';

/** Short and plain, so that a client's id is safe in logs and headers. */
const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** What every GraphQL context carries: the request's id and a logger that tags each line with it. */
export interface RequestScope {
  requestId: string;
  logger: Logger;
  /** When the caller stops waiting (ms since epoch, this process's clock); undefined when it did not say. */
  deadline?: number;
  /**
   * Told when the caller closes its connection before its answer is sent:
   * work that has not started yet need not be. Work under way goes on, as a
   * saga must; only waiting is given up.
   */
  callerGone?: CallerGone;
}

/** What a call given up because its caller went away fails with. */
export class CallerGoneError extends Error {
  override name = 'CallerGoneError';
  constructor() {
    super('the caller closed its connection before its answer was sent');
  }
}

/**
 * Whether a request's caller has gone (closed its connection before its
 * answer was sent), and who to tell when it goes: what an AbortSignal would
 * say, made for every request at the cost of a small object, where Node
 * takes microseconds to make an AbortController.
 */
export class CallerGone {
  private listeners: (() => void)[] | undefined;
  private hasGone = false;

  get gone(): boolean {
    return this.hasGone;
  }

  /** Calls `listener` when the caller goes (never, if it has gone already: check `gone` first); returns what stops that. */
  whenGone(listener: () => void): () => void {
    (this.listeners ??= []).push(listener);
    return () => {
      const at = this.listeners?.indexOf(listener) ?? -1;
      if (at >= 0) this.listeners!.splice(at, 1);
    };
  }

  /** The caller has gone: each listener is told, once. */
  go(): void {
    if (this.hasGone) return;
    this.hasGone = true;
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    for (const listener of listeners) listener();
  }
}

/** The caller's request id when it is sane, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = Array.isArray(given) ? given[0] : given;
  return id !== undefined && saneRequestId.test(id) ? id : randomUUID();
}

/** The caller's deadline from REQUEST_TIMEOUT_HEADER, or undefined when absent or not a sane number of ms. */
export function deadlineOf(req: IncomingMessage, now = Date.now()): number | undefined {
  const given = req.headers[REQUEST_TIMEOUT_HEADER];
  const raw = Array.isArray(given) ? given[0] : given;
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) return undefined;
  return now + Number(raw);
}

/** The sooner of a deadline of our own, `ms` from now, and the caller's. */
export function deadlineWithin(ms: number, scope: Pick<RequestScope, 'deadline'>, now = Date.now()): number {
  return Math.min(now + ms, scope.deadline ?? Infinity);
}
