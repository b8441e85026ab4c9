import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logLines } from '../support/logLines.js';
import { startSystem, type System } from '../support/system.js';

// One request id follows a toastie from the client through the gateway to
// jafflr and on to chillybin, and shows in each service's log lines.

interface LogLine {
  service: string;
  msg: string;
  requestId?: string;
  operation?: string;
  outcome?: string;
  durationMs?: number;
  version?: string;
}

const { logs, lines } = logLines<LogLine>();

let system: System;

beforeAll(async () => {
  system = await startSystem({}, { logs });
  await system.admin.data(`mutation { restock { name } }`);
});
afterAll(() => system.stop());

async function makeToastie(headers: Record<string, string>) {
  const response = await fetch(`${system.urls.gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      query: 'mutation Make { makeToastie(input: { ingredients: ["cheese"] }) { id ingredients { quantity } } }',
    }),
  });
  const body = (await response.json()) as { data?: unknown };
  expect(body.data).toBeTruthy();
  return response.headers.get('x-request-id');
}

describe('request ids', () => {
  it("a toastie's request id appears in the gateway's, jafflr's and chillybin's logs", async () => {
    const id = 'toastie-trace-0001';
    expect(await makeToastie({ 'x-request-id': id })).toBe(id);

    const traced = lines.filter((line) => line.requestId === id && line.msg === 'graphql operation');
    expect(new Set(traced.map((line) => line.service))).toEqual(new Set(['gateway', 'jafflr', 'chillybin']));
    expect(traced.find((line) => line.service === 'gateway')).toMatchObject({
      operation: 'Make',
      outcome: 'success',
      durationMs: expect.any(Number),
      version: 'test',
    });
    // chillybin saw the picks jafflr made for this toastie, and the gateway's entity fetch.
    expect(traced.filter((line) => line.service === 'chillybin').map((line) => line.operation)).toEqual(
      expect.arrayContaining(['Pick']),
    );
  });

  const given = [
    { name: 'none', header: undefined },
    { name: 'one too long', header: 'x'.repeat(200) },
    { name: 'one with spaces and quotes', header: 'a b "c"' },
  ];

  it.each(given)('with $name from the client, the gateway makes a new one and returns it', async ({ header }) => {
    const id = await makeToastie(header === undefined ? {} : { 'x-request-id': header });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((line) => line.service === 'chillybin' && line.requestId === id)).toBe(true);
  });
});
