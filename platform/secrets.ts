import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ErrorCode, domainError } from './errors.js';

/**
 * Used outside production when SUBGRAPH_SECRET / ADMIN_TOKEN are unset, so a
 * service started on its own works; production refuses to start without them.
 */
export const DEVELOPMENT_SUBGRAPH_SECRET = 'development-only-subgraph-secret';
export const DEVELOPMENT_ADMIN_TOKEN = 'development-only-admin-token';

/** The header by which the gateway and jafflr prove to a subgraph that they are inside the graph. */
export const SUBGRAPH_SECRET_HEADER = 'x-subgraph-secret';

/**
 * Compares a secret in constant time. Both sides are hashed first, so neither
 * the content nor the length of the expected secret shows in the timing.
 */
export function sameSecret(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(expectedDigest(expected), digest(given));
}

const digest = (s: string) => createHash('sha256').update(s).digest();

// A service has one or two secrets from its config, checked on every request: each is hashed once.
const expectedDigests = new Map<string, Buffer>();

function expectedDigest(expected: string): Buffer {
  let hashed = expectedDigests.get(expected);
  if (!hashed) {
    hashed = digest(expected);
    expectedDigests.set(expected, hashed);
  }
  return hashed;
}

export function carriesSubgraphSecret(req: IncomingMessage, secret: string): boolean {
  const given = req.headers[SUBGRAPH_SECRET_HEADER];
  return sameSecret(secret, Array.isArray(given) ? given[0] : given);
}

/** The token of an `authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * A guard for admin operations: UNAUTHENTICATED without a bearer token,
 * FORBIDDEN with a wrong one. Call it before anything changes.
 */
export function adminGuard(adminToken: string, authorization: string | undefined): () => void {
  return () => {
    const token = bearerToken(authorization);
    if (token === undefined) {
      throw domainError(
        ErrorCode.UNAUTHENTICATED,
        'This operation needs an admin token: send authorization: Bearer <token>',
      );
    }
    if (!sameSecret(adminToken, token)) {
      throw domainError(ErrorCode.FORBIDDEN, 'The admin token is not valid');
    }
  };
}
