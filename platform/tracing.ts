import type { Env } from './config.js';

/**
 * Whether to trace: an exporter other than `none` (OTEL_TRACES_EXPORTER), or
 * an OTLP endpoint, must be configured, and the SDK not disabled. The
 * standard's default exporter is otlp to localhost; here nothing is sent, and
 * nothing loaded, until asked for. The values themselves are checked with the
 * rest of a service's settings (`tracingEnv` in platform/config.ts).
 */
export function tracingWanted(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (exporters.length > 0) return !exporters.includes('none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/** What a running SDK offers the rest of the process. */
export interface Tracing {
  /** Fields for every log line written inside a span: its trace and span ids. */
  logFields: () => { traceId?: string; spanId?: string };
  /** The trace id of the work under way, when its trace is sampled (recorded); else undefined. */
  sampledTraceId: () => string | undefined;
  /** Sends the spans still buffered. */
  shutdown: () => Promise<void>;
}

let running: Tracing | undefined;

/**
 * Starts the OpenTelemetry SDK when configured. It must run before the
 * modules it instruments (node:http, undici, graphql, mongodb) are imported,
 * so a service's entry point calls it first and imports the service after;
 * this module imports nothing at run time for that reason.
 * When off, the SDK is not even loaded: tracing costs nothing.
 */
export async function startTracing(service: string, env: Env): Promise<boolean> {
  if (!tracingWanted(env)) return false;
  const { startSdk } = await import('./tracingSdk.js');
  running = await startSdk(env.OTEL_SERVICE_NAME?.trim() || service);
  return true;
}

/** For the logger: a pino mixin adding the trace id to each line, when tracing runs. */
export function traceLogMixin(): Tracing['logFields'] | undefined {
  return running?.logFields;
}

/**
 * The sampled trace the work under way belongs to, when tracing runs: work of
 * different traces must not share one outgoing call, or one trace would hold
 * another's span. Always undefined when tracing is off.
 */
export function sampledTraceId(): string | undefined {
  return running?.sampledTraceId();
}

/**
 * Flushes and stops the SDK, if it runs; after the service has stopped. A
 * collector out of reach loses those spans but does not fail the shutdown.
 */
export async function stopTracing(): Promise<void> {
  const tracing = running;
  running = undefined;
  await tracing?.shutdown().catch(() => undefined);
}
