import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from './logger.js';

/** Carried from the client through the gateway to every subgraph call, and back in the response. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Short and plain, so that a client's id is safe in logs and headers. */
const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** What every GraphQL context carries: the request's id and a logger that tags each line with it. */
export interface RequestScope {
  requestId: string;
  logger: Logger;
}

/** The caller's request id when it is sane, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = Array.isArray(given) ? given[0] : given;
  return id !== undefined && saneRequestId.test(id) ? id : randomUUID();
}
