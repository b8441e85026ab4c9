import { GraphQLError } from 'graphql';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Admission } from '../admission.js';
import { CallerGone } from '../requestScope.js';

// Each case is a script of what happens, in order: work arrives with a deadline
// (ms from the start), work that started finishes (or fails), a caller goes
// away (closes its connection), time passes.
// Each piece of work says when it started, or why it was refused. The clock is
// vitest's, so a deadline passes exactly when the script says.

type Step =
  | { arrive: string; deadlineMs: number }
  | { finish: string }
  | { fail: string }
  | { callerGoes: string }
  | { advanceMs: number };

interface Case {
  name: string;
  atOnce: number;
  waiting: number;
  script: Step[];
  /** Work in the order it started. */
  started: string[];
  refused?: Record<string, 'queue full' | 'no turn in time'>;
  /** Work given up while it waited, because its caller went away. */
  abandoned?: string[];
  /** After the script: running, waiting. */
  after: { running: number; waiting: number };
}

const cases: Case[] = [
  {
    name: 'up to atOnce start at once',
    atOnce: 2,
    waiting: 4,
    script: [
      { arrive: 'a', deadlineMs: 1000 },
      { arrive: 'b', deadlineMs: 1000 },
    ],
    started: ['a', 'b'],
    after: { running: 2, waiting: 0 },
  },
  {
    name: 'the rest wait, and start in order of arrival as turns free up',
    atOnce: 1,
    waiting: 4,
    script: [
      { arrive: 'a', deadlineMs: 1000 },
      { arrive: 'b', deadlineMs: 1000 },
      { arrive: 'c', deadlineMs: 1000 },
      { finish: 'a' },
      { finish: 'b' },
    ],
    started: ['a', 'b', 'c'],
    after: { running: 1, waiting: 0 },
  },
  {
    name: 'a full queue refuses at once',
    atOnce: 1,
    waiting: 1,
    script: [
      { arrive: 'a', deadlineMs: 1000 },
      { arrive: 'b', deadlineMs: 1000 },
      { arrive: 'c', deadlineMs: 1000 },
    ],
    started: ['a'],
    refused: { c: 'queue full' },
    after: { running: 1, waiting: 1 },
  },
  {
    name: 'no queue at all: what finds every turn taken is refused',
    atOnce: 1,
    waiting: 0,
    script: [
      { arrive: 'a', deadlineMs: 1000 },
      { arrive: 'b', deadlineMs: 1000 },
      { finish: 'a' },
      { arrive: 'c', deadlineMs: 1000 },
    ],
    started: ['a', 'c'],
    refused: { b: 'queue full' },
    after: { running: 1, waiting: 0 },
  },
  {
    name: 'a waiter whose deadline passes is refused then, and the next in line gets the turn',
    atOnce: 1,
    waiting: 4,
    script: [
      { arrive: 'a', deadlineMs: 1000 },
      { arrive: 'b', deadlineMs: 100 },
      { arrive: 'c', deadlineMs: 1000 },
      { advanceMs: 100 },
      { finish: 'a' },
    ],
    started: ['a', 'c'],
    refused: { b: 'no turn in time' },
    after: { running: 1, waiting: 0 },
  },
  {
    name: 'a deadline already gone waits for nothing',
    atOnce: 1,
    waiting: 4,
    script: [{ arrive: 'a', deadlineMs: 1000 }, { arrive: 'b', deadlineMs: -5 }, { advanceMs: 0 }],
    started: ['a'],
    refused: { b: 'no turn in time' },
    after: { running: 1, waiting: 0 },
  },
  {
    name: 'a turn that comes before the deadline is kept, however late the work ends',
    atOnce: 1,
    waiting: 4,
    script: [
      { arrive: 'a', deadlineMs: 1000 },
      { arrive: 'b', deadlineMs: 100 },
      { advanceMs: 50 },
      { finish: 'a' },
      { advanceMs: 500 },
    ],
    started: ['a', 'b'],
    after: { running: 1, waiting: 0 },
  },
  {
    name: 'work that fails gives its turn back',
    atOnce: 1,
    waiting: 4,
    script: [{ arrive: 'a', deadlineMs: 1000 }, { arrive: 'b', deadlineMs: 1000 }, { fail: 'a' }, { finish: 'b' }],
    started: ['a', 'b'],
    after: { running: 0, waiting: 0 },
  },
  {
    name: 'a waiter whose caller goes away leaves the queue, and the next in line gets the turn',
    atOnce: 1,
    waiting: 4,
    script: [
      { arrive: 'a', deadlineMs: 1000 },
      { arrive: 'b', deadlineMs: 1000 },
      { arrive: 'c', deadlineMs: 1000 },
      { callerGoes: 'b' },
      { finish: 'a' },
    ],
    started: ['a', 'c'],
    abandoned: ['b'],
    after: { running: 1, waiting: 0 },
  },
  {
    name: 'a waiter whose caller went away frees its place in a full queue',
    atOnce: 1,
    waiting: 1,
    script: [
      { arrive: 'a', deadlineMs: 1000 },
      { arrive: 'b', deadlineMs: 1000 },
      { callerGoes: 'b' },
      { arrive: 'c', deadlineMs: 1000 },
      { finish: 'a' },
    ],
    started: ['a', 'c'],
    abandoned: ['b'],
    after: { running: 1, waiting: 0 },
  },
  {
    name: 'work under way goes on when its caller goes away, and a waiter after it is not given up',
    atOnce: 1,
    waiting: 4,
    script: [
      { arrive: 'a', deadlineMs: 1000 },
      { arrive: 'b', deadlineMs: 1000 },
      { callerGoes: 'a' },
      { finish: 'a' },
      { callerGoes: 'b' },
    ],
    started: ['a', 'b'],
    after: { running: 1, waiting: 0 },
  },
  {
    name: 'a caller that went away before its deadline passed is not refused for time too',
    atOnce: 1,
    waiting: 4,
    script: [
      { arrive: 'a', deadlineMs: 1000 },
      { arrive: 'b', deadlineMs: 100 },
      { callerGoes: 'b' },
      { advanceMs: 200 },
      { finish: 'a' },
    ],
    started: ['a'],
    abandoned: ['b'],
    after: { running: 0, waiting: 0 },
  },
];

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function gauge(registry: Registry, name: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)!.get();
  return metric.values[0]!.value;
}

describe('Admission: turns for work that writes', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(cases)('$name', async ({ atOnce, waiting, script, started: expectedStarts, refused, abandoned, after }) => {
    const registry = new Registry();
    const admission = new Admission({ name: 'test_work', noun: 'pieces of work', atOnce, waiting, registry });
    const started: string[] = [];
    const endings = new Map<string, ReturnType<typeof deferred>>();
    const refusals: Record<string, unknown> = {};
    const callers = new Map<string, CallerGone>();
    const givenUp: string[] = [];
    const settled: Promise<unknown>[] = [];

    for (const step of script) {
      if ('arrive' in step) {
        const name = step.arrive;
        const ending = deferred();
        endings.set(name, ending);
        const caller = new CallerGone();
        callers.set(name, caller);
        settled.push(
          admission
            .run(
              step.deadlineMs,
              () => {
                started.push(name);
                return ending.promise;
              },
              caller,
            )
            .catch((err: unknown) => {
              if (err instanceof GraphQLError && err.extensions.code === 'OVERLOADED') {
                refusals[name] = err.extensions.reason;
              } else if (err instanceof GraphQLError && err.extensions.reason === 'caller gone') {
                expect(err.extensions.code).toBe('DEADLINE_EXCEEDED');
                givenUp.push(name);
              } else if (!(err instanceof Error && err.message === 'burnt')) throw err;
            }),
        );
      } else if ('callerGoes' in step) callers.get(step.callerGoes)!.go();
      else if ('finish' in step) endings.get(step.finish)!.resolve();
      else if ('fail' in step) endings.get(step.fail)!.reject(new Error('burnt'));
      else await vi.advanceTimersByTimeAsync(step.advanceMs);
      await vi.advanceTimersByTimeAsync(0);
    }

    expect(started).toEqual(expectedStarts);
    expect(refusals).toEqual(refused ?? {});
    expect(givenUp).toEqual(abandoned ?? []);
    expect(await gauge(registry, 'test_work_abandoned_total')).toBe(givenUp.length);
    expect({
      running: await gauge(registry, 'test_work_running'),
      waiting: await gauge(registry, 'test_work_waiting'),
    }).toEqual(after);
    const refusedMetric = await registry.getSingleMetric('test_work_refused_total')!.get();
    const counted = Object.fromEntries(refusedMetric.values.map((v) => [v.labels.reason, v.value]));
    const expectedCounts = { 'queue full': 0, 'no turn in time': 0 };
    for (const reason of Object.values(refused ?? {})) expectedCounts[reason] += 1;
    expect(counted).toEqual(expectedCounts);

    for (const ending of endings.values()) ending.resolve();
    await vi.runAllTimersAsync();
    await Promise.all(settled);
  });

  it('says in its refusal what was refused, and that nothing was taken', async () => {
    const admission = new Admission({
      name: 'test_work',
      noun: 'toasties',
      atOnce: 1,
      waiting: 0,
      registry: new Registry(),
    });
    const first = deferred();
    const running = admission.run(1000, () => first.promise);
    const work = vi.fn(() => Promise.resolve());

    await expect(admission.run(1000, work)).rejects.toMatchObject({
      message: 'Too many toasties are under way to start this one in time; nothing was taken. Try again shortly.',
      extensions: { code: 'OVERLOADED', reason: 'queue full' },
    });
    expect(work).not.toHaveBeenCalled();
    first.resolve();
    await running;
  });

  it('gives up at once, without waiting or running, work whose caller had already gone', async () => {
    const admission = new Admission({
      name: 'test_work',
      noun: 'toasties',
      atOnce: 1,
      waiting: 4,
      registry: new Registry(),
    });
    const gone = new CallerGone();
    gone.go();
    const work = vi.fn(() => Promise.resolve());

    await expect(admission.run(1000, work, gone)).rejects.toMatchObject({
      message: "The caller stopped waiting before this one's turn came; nothing was taken.",
      extensions: { code: 'DEADLINE_EXCEEDED', reason: 'caller gone' },
    });
    expect(work).not.toHaveBeenCalled();
    await expect(admission.run(1000, work)).resolves.toBeUndefined();
  });
});
