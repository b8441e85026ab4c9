import { register } from 'node:module';
import { context, isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import type { Tracing } from './tracing.js';

// Loaded by platform/tracing.ts only when tracing is on, so that a service
// without it never loads the SDK.

/** Paths that are no request of the graph: probes and scrapes would bury the traces. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * Starts the SDK: the exporter, endpoint, sampler and propagators come from
 * the OTEL_* variables; the trace context travels as W3C `traceparent`.
 */
export async function startSdk(serviceName: string): Promise<Tracing> {
  // Our code is ESM: import-in-the-middle lets the instrumentations patch the
  // modules it imports, limited to the modules they name.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const sdk = new NodeSDK({
    serviceName,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
        // Outgoing calls go through undici; only the SDK's own exporter uses node:http.
        ignoreOutgoingRequestHook: () => true,
      }),
      new UndiciInstrumentation(),
      // One span per resolver that does its own work, not one per trivial field.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new MongoDBInstrumentation(),
    ],
    // Traces only: metrics are Prometheus' (/metrics), logs go to stdout.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();

  return {
    logFields() {
      const span = trace.getSpan(context.active());
      if (!span) return {};
      const spanContext = span.spanContext();
      return isSpanContextValid(spanContext) ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : {};
    },
    sampledTraceId() {
      const spanContext = trace.getSpan(context.active())?.spanContext();
      return spanContext && spanContext.traceFlags & TraceFlags.SAMPLED ? spanContext.traceId : undefined;
    },
    shutdown: () => sdk.shutdown(),
  };
}
