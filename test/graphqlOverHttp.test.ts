import { readFileSync } from 'node:fs';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type ExtraGateway } from './support/gateway.js';
import { startSystem, type System } from './support/system.js';

// graphql-http's audit suite for the GraphQL-over-HTTP spec, against the
// gateway. Every MUST and SHOULD passes in development; each audit that does
// not pass is listed with the reason, and the test fails if the list stops
// being true either way.

let system: System;
let production: ExtraGateway;

beforeAll(async () => {
  system = await startSystem({ NODE_ENV: 'development' });
  const supergraphSdl = readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8');
  production = await startGateway(system, supergraphSdl, { NODE_ENV: 'production' });
});
afterAll(async () => {
  await production?.stop();
  await system?.stop();
});

/** Apollo's CSRF prevention, kept on: a GET must carry a header a plain browser form cannot send. */
const CSRF = 'a GET with neither content-type: application/json nor a preflight header is refused (CSRF prevention)';
/** Production turns introspection off, and these audits query `__type`. */
const NO_INTROSPECTION = 'asks __type, and introspection is off in production';

const failing: Record<'development' | 'production', Record<string, string>> = {
  development: {
    '5A70': CSRF, // MAY accept application/x-www-form-urlencoded formatted GET requests
    D6D5: CSRF, // MAY allow URL-encoded JSON {variables} in GETs (graphql-response+json)
    '6A70': CSRF, // MAY allow URL-encoded JSON {variables} in GETs (application/json)
  },
  production: {
    '5A70': CSRF,
    D6D5: CSRF,
    '6A70': CSRF,
    BF61: NO_INTROSPECTION, // MUST accept utf-8 encoded request
    '28B9': NO_INTROSPECTION, // MUST allow map {variables} parameter when accepting application/json
    '2EA1': NO_INTROSPECTION, // SHOULD allow map {variables} parameter when accepting application/graphql-response+json
  },
};

const gatewayUrl = {
  development: () => `${system.urls.gateway}/graphql`,
  production: () => `${production.url}/graphql`,
};

describe.each(['development', 'production'] as const)('the gateway in %s', (environment) => {
  const audits = serverAudits({ url: gatewayUrl[environment] }).map((audit) => {
    const why = failing[environment][audit.id];
    return { ...audit, outcome: why ? 'fails' : 'ok', shown: why ? `fails: ${why}` : 'ok' };
  });

  it.each(audits)('$id $name → $shown', async ({ fn, outcome }) => {
    const result = await fn();
    const detail = result.status === 'ok' ? 'passed' : `${result.reason} (HTTP ${result.response.status})`;
    expect(result.status === 'ok' ? 'ok' : 'fails', detail).toBe(outcome);
  });

  it('lists only audits that exist', () => {
    const ids = new Set(audits.map((audit) => audit.id));
    expect(Object.keys(failing[environment]).filter((id) => !ids.has(id))).toEqual([]);
  });
});
