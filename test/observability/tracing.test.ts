import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../tools/dev/eventually.js';
import { startCrashableSystem, type CrashableSystem } from '../support/crashableSystem.js';
import { GraphQLClient } from '../support/graphqlClient.js';
import { pipelinedPosts } from '../support/pipelinedPosts.js';
import { scrape, total } from '../../tools/dev/prometheus.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlpReceiver.js';

// Tracing across real processes: the gateway, jafflr and chillybin export to a
// receiver of the test's own, and one makeToastie is one trace holding spans
// of all three and of their database calls.

let receiver: OtlpReceiver;
let system: CrashableSystem;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    // Spans are sent every 100 ms rather than every 5 s, so the test waits less.
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  system = await startCrashableSystem({ chillybin: tracing, jafflr: tracing, gateway: tracing });
  await system.steps.restock();
});

afterAll(async () => {
  await system?.close();
  await receiver?.close();
});

interface LogLine {
  service?: string;
  msg?: string;
  requestId?: string;
  traceId?: string;
}

const services = ['gateway', 'jafflr', 'chillybin'] as const;

function logLines(): LogLine[] {
  return services.flatMap((name) =>
    system.logTail(name, 10_000).flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    }),
  );
}

const isMongoSpan = (span: ReceivedSpan) =>
  span.attributes['db.system.name'] === 'mongodb' || span.attributes['db.system'] === 'mongodb';

/**
 * The spans of one trace once it is whole: each service's and a database
 * call's there, and every span's parent received. Until then it throws what
 * is missing, which `eventually` reports if it never comes.
 */
function wholeTrace(traceId: string): ReceivedSpan[] {
  const spans = receiver.spans.filter((span) => span.traceId === traceId);
  const ids = new Set(spans.map((span) => span.spanId));
  const missing = [
    ...services.filter((name) => !spans.some((span) => span.service === name)).map((name) => `spans of ${name}`),
    ...(['jafflr', 'chillybin'] as const)
      .filter((name) => !spans.some((span) => span.service === name && isMongoSpan(span)))
      .map((name) => `database spans of ${name}`),
    ...spans
      .filter((span) => span.parentSpanId !== undefined && !ids.has(span.parentSpanId))
      .map((span) => `the parent of ${span.service}'s ${span.name}`),
  ];
  if (missing.length > 0) throw new Error(`trace ${traceId} lacks ${missing.join(', ')}`);
  return spans;
}

describe('tracing', () => {
  it('one makeToastie is one trace: the query plan, both subgraphs, their resolvers and the database', async () => {
    const requestId = 'traced-toastie-0001';
    const client = new GraphQLClient(system.gateway.url, { 'x-request-id': requestId });
    const made = await client.data<{ makeToastie: { id: string } }>(
      `mutation TracedToastie { makeToastie(input: { ingredients: ["cheese"] }) { id } }`,
    );
    expect(made.makeToastie.id).toBeTruthy();

    const { traceId } = await eventually('the gateway span of the operation', async () =>
      receiver.spans.find(
        (span) =>
          span.service === 'gateway' &&
          span.name === 'gateway.request' &&
          span.attributes['graphql.operation.name'] === 'TracedToastie',
      ),
    );
    const trace = await eventually('the whole trace', async () => wholeTrace(traceId), { timeoutMs: 15_000 });
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const names = (service: string) => trace.filter((span) => span.service === service).map((span) => span.name);

    // One root, the gateway's server span; each subgraph's spans hang under its caller's.
    expect(trace.filter((span) => span.parentSpanId === undefined).map((span) => span.service)).toEqual(['gateway']);
    const callers = trace
      .filter((span) => span.scope === '@opentelemetry/instrumentation-http' && span.service !== 'gateway')
      .map((span) => `${byId.get(span.parentSpanId!)?.service} -> ${span.service}`);
    expect(new Set(callers)).toEqual(new Set(['gateway -> jafflr', 'jafflr -> chillybin']));

    expect(names('gateway')).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.fetch']));
    expect(names('jafflr')).toContain('graphql.resolve makeToastie');
    expect(names('chillybin').some((name) => name.startsWith('graphql.resolve pick'))).toBe(true);
    const collections = trace
      .filter(isMongoSpan)
      .map((span) => `${span.service} ${span.attributes['db.collection.name']}`);
    expect(collections).toEqual(expect.arrayContaining(['jafflr toasties', 'chillybin ingredients']));

    // Each service's log line of the operation names the trace beside the request id.
    const operationLines = await eventually('the operation log lines of all three', async () => {
      const lines = logLines().filter((line) => line.requestId === requestId && line.msg === 'graphql operation');
      return services.every((name) => lines.some((line) => line.service === name)) ? lines : undefined;
    });
    expect(new Set(operationLines.map((line) => line.traceId))).toEqual(new Set([traceId]));
  });

  it('keeps the subgraph calls of requests that arrive together each in its own trace: sampled reads are not batched across traces', async () => {
    expect((await system.steps.make({ ingredients: ['cheese'] })).errors).toBeUndefined();
    const names = ['TracedA', 'TracedB', 'TracedC', 'TracedD'];
    const bodies = names.map((name, k) =>
      JSON.stringify({
        query: `query ${name}($last: Int!) { toasties(last: $last) { id ingredients { quantity } } }`,
        variables: { last: k + 1 },
      }),
    );
    const gatewayBase = system.gateway.url.replace(/\/graphql$/, '');
    const before = await scrape(gatewayBase);

    const answers = await pipelinedPosts(system.gateway.url, bodies);

    expect(answers.map((answer) => answer.status)).toEqual(names.map(() => 200));
    const after = await scrape(gatewayBase);
    const grew = (name: string) =>
      total(after, name, { subgraph: 'jafflr' }) - total(before, name, { subgraph: 'jafflr' });
    // Every read to jafflr went in a request of its own.
    expect(grew('gateway_subgraph_batch_size_count')).toBe(names.length);
    expect(grew('gateway_subgraph_batch_size_sum')).toBe(names.length);
    // And each request's trace holds its own calls to both subgraphs and their database reads.
    for (const name of names) {
      const { traceId } = await eventually(`the gateway span of ${name}`, async () =>
        receiver.spans.find(
          (span) =>
            span.service === 'gateway' &&
            span.name === 'gateway.request' &&
            span.attributes['graphql.operation.name'] === name,
        ),
      );
      await eventually(`the whole trace of ${name}`, async () => wholeTrace(traceId), { timeoutMs: 15_000 });
    }
  });
});
