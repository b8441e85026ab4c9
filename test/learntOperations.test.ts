import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type ExtraGateway } from './support/gateway.js';
import { logLines } from './support/logLines.js';
import { scrape, type Sample } from '../tools/dev/prometheus.js';
import { startSystem, type System } from './support/system.js';

// A query the gateway has run before is answered ahead of Apollo Server
// (gateway/src/learntOperations.ts). Two gateways stand in front of the same
// subgraphs, one with LEARNT_OPERATIONS on and one with it off, and each case
// sends both the same request three times. The first is always Apollo
// Server's to answer; where the case is eligible, the next two are answered
// ahead of it. Every send must leave the same traces on both: the status, the
// headers and the body of the answer, what /metrics counted (the subgraph
// fetches among them), and the gateway's log lines.

const supergraphSdl = readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8');
const KIOSK = { 'apollographql-client-name': 'kiosk', 'apollographql-client-version': '0.1.0' };
const BOARD = { 'apollographql-client-name': 'board', 'apollographql-client-version': '2.0.0' };
const kioskManifest = JSON.parse(
  readFileSync(new URL('../persisted-operations/kiosk@0.1.0.json', import.meta.url), 'utf8'),
) as { operations: { name: string; id: string }[] };
const stockHash = kioskManifest.operations.find((op) => op.name === 'Stock')!.id;
const INGREDIENT = 'query LearntIngredient($n: String!) { ingredient(name: $n) { name quantity } }';
const TOASTIES =
  'query LearntToasties($last: Int!, $doneness: Boolean!, $quantity: Boolean!) { toasties(last: $last) { id doneness @include(if: $doneness) ingredients { name quantity @include(if: $quantity) description } } }';

interface Case {
  name: string;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Which of the three sends are answered ahead of Apollo Server. */
  ahead: [number, number, number];
}

const cases: Case[] = [
  { name: 'a query with variables', body: { query: INGREDIENT, variables: { n: 'cheese' } }, ahead: [0, 1, 1] },
  {
    name: 'the same, other variables, graphql-response+json',
    body: { query: INGREDIENT, variables: { n: 'ham' } },
    headers: { accept: 'application/graphql-response+json' },
    ahead: [0, 1, 1],
  },
  // A document and an Accept header learnt already: other variables are answered ahead from the first send.
  { name: 'a null answer', body: { query: INGREDIENT, variables: { n: 'caviar' } }, ahead: [1, 1, 1] },
  {
    name: 'a deprecated argument, counted per client',
    body: { query: 'query LearntBoard($n: Int) { toasties(limit: $n) { id doneness } }', variables: { n: 2 } },
    headers: BOARD,
    ahead: [0, 1, 1],
  },
  {
    name: "the kiosk's persisted Stock, by hash",
    body: { extensions: { persistedQuery: { version: 1, sha256Hash: stockHash } } },
    headers: KIOSK,
    ahead: [0, 1, 1],
  },
  {
    name: 'one of two operations, by name',
    body: { query: 'query LearntA { stock { name } } query LearntB { status }', operationName: 'LearntB' },
    ahead: [0, 1, 1],
  },
  { name: 'an anonymous query', body: { query: '{ stock { name quantity } }' }, ahead: [0, 1, 1] },
  { name: 'variables that do not coerce', body: { query: INGREDIENT, variables: { n: 5 } }, ahead: [0, 0, 0] },
  {
    name: 'a subgraph error (fetched once, answered by Apollo Server)',
    body: { query: 'query LearntOrders { orders(limit: 0) { id } }' },
    ahead: [0, 0, 0],
  },
  {
    name: 'two subgraphs: a fetch, then an entity fetch',
    body: { query: 'query LearntRecent { toasties(last: 2) { id ingredients { name quantity } } }' },
    ahead: [0, 1, 1],
  },
  {
    name: 'the same join, @include by variables',
    body: { query: TOASTIES, variables: { last: 3, doneness: true, quantity: false } },
    ahead: [0, 1, 1],
  },
  // Learnt already: other variables, other fields asked of each subgraph.
  {
    name: 'the same join, other variables',
    body: { query: TOASTIES, variables: { last: 2, doneness: false, quantity: true } },
    ahead: [1, 1, 1],
  },
  {
    name: 'a mutation',
    body: { query: 'mutation LearntRefused { makeToastie(input: { fillings: ["ham"] }) { id } }' },
    ahead: [0, 0, 0],
  },
  {
    name: 'an extension besides the query',
    body: { query: INGREDIENT, variables: { n: 'cheese' }, extensions: { tracing: true } },
    ahead: [0, 0, 0],
  },
  {
    name: 'two operations and no name',
    body: { query: 'query LearntA { stock { name } } query LearntB { status }' },
    ahead: [0, 0, 0],
  },
];

interface Capture {
  gateway: ExtraGateway;
  lines: Record<string, unknown>[];
}

async function capturedGateway(system: System, env: Record<string, string>): Promise<Capture> {
  const { logs, lines } = logLines();
  const gateway = await startGateway(system, supergraphSdl, { PERSISTED_OPERATIONS: 'log', ...env }, { logs });
  return { gateway, lines };
}

/** What a timing does not decide: every sample but the histograms' buckets and sums, and the process's own. */
function counted(samples: Sample[]): Map<string, number> {
  const kept = samples.filter(
    ({ name }) =>
      !/_(bucket|sum)$/.test(name) && !/^(process|nodejs)_/.test(name) && name !== 'gateway_learnt_answers_total',
  );
  return new Map(kept.map(({ name, labels, value }) => [`${name}${JSON.stringify(labels)}`, value]));
}

function changes(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const [key, value] of after) if (value !== (before.get(key) ?? 0)) changed[key] = value - (before.get(key) ?? 0);
  return changed;
}

const learntAnswers = (samples: Sample[]) =>
  samples.find(({ name }) => name === 'gateway_learnt_answers_total')?.value ?? 0;

/** One send: the answer as the client sees it, and what the gateway counted and logged for it. */
async function send({ gateway, lines }: Capture, { body, headers }: Case, requestId: string) {
  const before = await scrape(gateway.url);
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const after = await scrape(gateway.url);
  const answerHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'date') answerHeaders[name] = value;
  });
  const logged = lines
    .filter((line) => line.requestId === requestId)
    .map(({ time: _time, durationMs: _durationMs, pid: _pid, hostname: _hostname, ...rest }) => rest);
  return {
    trace: {
      status: response.status,
      headers: answerHeaders,
      body: text,
      counted: changes(counted(before), counted(after)),
      logged,
    },
    learnt: learntAnswers(after) - learntAnswers(before),
  };
}

let system: System;
let on: Capture;
let off: Capture;

beforeAll(async () => {
  system = await startSystem();
  // Toasties for the joins to find: each names ingredients that chillybin is asked for.
  for (const fillings of [['cheese'], ['cheese', 'vegemite'], ['vegemite', 'cheese']])
    await system.gateway.data(
      'mutation { makeToastie(input: { fillings: $f }) { id } }'.replace('$f', JSON.stringify(fillings)),
    );
  on = await capturedGateway(system, {});
  off = await capturedGateway(system, { LEARNT_OPERATIONS: 'false' });
});
afterAll(async () => {
  await on?.gateway.stop();
  await off?.gateway.stop();
  await system?.stop();
});

describe('queries answered ahead of Apollo Server', () => {
  it.each(cases.map((c, index) => ({ ...c, index })))('$name: the same answer, metrics and log lines', async (c) => {
    const learnt: number[] = [];
    for (const n of [1, 2, 3]) {
      const id = `learnt-${c.index}-${n}`;
      const withPath = await send(on, c, id);
      const withoutPath = await send(off, c, id);
      expect(withPath.trace, `send ${n}`).toEqual(withoutPath.trace);
      expect(withoutPath.learnt).toBe(0);
      learnt.push(withPath.learnt);
    }
    expect(learnt).toEqual(c.ahead);
  });
});
