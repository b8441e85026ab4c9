import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, tracingEnv } from '../config.js';
import { sampledTraceId, startTracing, traceLogMixin, tracingWanted } from '../tracing.js';

describe('tracingWanted', () => {
  const endpoint = 'http://collector:4318';
  const cases = [
    { name: 'nothing set', env: {}, wanted: false },
    { name: 'an OTLP endpoint', env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, wanted: true },
    { name: 'a traces endpoint', env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces` }, wanted: true },
    { name: 'an empty endpoint', env: { OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }, wanted: false },
    { name: 'the console exporter', env: { OTEL_TRACES_EXPORTER: 'console' }, wanted: true },
    {
      name: 'exporter none',
      env: { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
      wanted: false,
    },
    { name: 'none among others', env: { OTEL_TRACES_EXPORTER: 'otlp, none' }, wanted: false },
    {
      name: 'the SDK disabled',
      env: { OTEL_SDK_DISABLED: 'TRUE', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
      wanted: false,
    },
    { name: 'the SDK not disabled', env: { OTEL_SDK_DISABLED: 'false', OTEL_TRACES_EXPORTER: 'otlp' }, wanted: true },
    { name: 'only a service name', env: { OTEL_SERVICE_NAME: 'gateway-eu' }, wanted: false },
  ];

  it.each(cases)('$name: $wanted', ({ env, wanted }) => {
    expect(tracingWanted(env)).toBe(wanted);
  });
});

describe('startTracing', () => {
  it('off: starts nothing, the logger gets no mixin, and no work belongs to a sampled trace', async () => {
    expect(await startTracing('gateway', { OTEL_SERVICE_NAME: 'gateway' })).toBe(false);
    expect(traceLogMixin()).toBeUndefined();
    expect(sampledTraceId()).toBeUndefined();
  });
});

describe('tracingEnv', () => {
  const cases = [
    { name: 'a sampler', env: { OTEL_TRACES_SAMPLER: 'sometimes' }, problem: 'OTEL_TRACES_SAMPLER' },
    { name: 'a sampler ratio', env: { OTEL_TRACES_SAMPLER_ARG: '2' }, problem: 'OTEL_TRACES_SAMPLER_ARG' },
    { name: 'an exporter', env: { OTEL_TRACES_EXPORTER: 'jaeger' }, problem: 'OTEL_TRACES_EXPORTER' },
    {
      name: 'an endpoint',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
      problem: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    },
    { name: 'a protocol', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'udp' }, problem: 'OTEL_EXPORTER_OTLP_PROTOCOL' },
  ];

  it.each(cases)('refuses a bad $name at start-up', ({ env, problem }) => {
    expect(() => parseEnv(tracingEnv(), env)).toThrow(ConfigError);
    expect(() => parseEnv(tracingEnv(), env)).toThrow(problem);
  });

  it('takes the standard values', () => {
    const env = {
      OTEL_TRACES_EXPORTER: 'otlp,console',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    };
    expect(parseEnv(tracingEnv(), env)).toMatchObject({ OTEL_TRACES_SAMPLER_ARG: 0.25 });
  });
});
