import { describe, expect, it } from 'vitest';
import { eventually } from '../eventually.js';

// The one bounded wait of the tests and tools, with probes that answer on a given try.

describe('eventually', () => {
  const cases: { name: string; answers: (number | undefined | Error)[]; expected: number | RegExp }[] = [
    { name: 'the first answer', answers: [7], expected: 7 },
    { name: 'an answer after some tries', answers: [undefined, undefined, 7], expected: 7 },
    { name: 'an answer after a probe threw', answers: [new Error('refused'), 7], expected: 7 },
    {
      name: 'no answer in time, with the last error',
      answers: [new Error('refused')],
      expected: /^ready: not within 200 ms \(last error: Error: refused\)$/,
    },
    { name: 'no answer in time', answers: [undefined], expected: /^ready: not within 200 ms$/ },
  ];

  it.each(cases)('$name', async ({ answers, expected }) => {
    let tries = 0;
    const probe = async () => {
      const answer = answers[Math.min(tries++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    };
    const outcome = await eventually('ready', probe, { timeoutMs: 200, intervalMs: 5 }).catch(
      (err: Error) => err.message,
    );
    if (typeof expected === 'number') expect(outcome).toBe(expected);
    else expect(outcome).toMatch(expected);
  });

  it("stops when its signal aborts, with the signal's reason", async () => {
    const controller = new AbortController();
    const waiting = eventually('ready', async () => undefined, {
      timeoutMs: 60_000,
      intervalMs: 5,
      signal: controller.signal,
    });
    controller.abort(new Error('the service exited before it was ready'));
    await expect(waiting).rejects.toThrow('the service exited before it was ready');
  });
});
