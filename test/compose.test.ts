import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { gatewayEnv, loadConfig as gatewayConfig } from '../gateway/src/config.js';
import { subgraphsOf } from '../gateway/src/subgraphs.js';
import { chillybinEnv, loadConfig as chillybinConfig } from '../subgraphs/chillybin/src/config.js';
import { jafflrEnv, loadConfig as jafflrConfig } from '../subgraphs/jafflr/src/config.js';
import { repoRoot } from '../tools/dev/serviceProcess.js';
import {
  COMPOSE_DOT_ENV,
  composeEnvironment,
  defaultServices,
  durationMs,
  readCompose,
} from './support/deployFiles.js';

// compose.yaml against what the services really read: every fact comes from the file and from each config.

const compose = readCompose();

type Loaded = { port: number; host: string; shutdownGraceMs: number };
const services: {
  name: string;
  shape: (env: Record<string, string>) => Record<string, z.ZodType>;
  load: (env: Record<string, string>) => Loaded;
  needs: string[];
}[] = [
  { name: 'chillybin', shape: chillybinEnv, load: chillybinConfig, needs: ['mongo'] },
  { name: 'jafflr', shape: jafflrEnv, load: jafflrConfig, needs: ['mongo', 'chillybin'] },
  { name: 'gateway', shape: gatewayEnv, load: gatewayConfig, needs: ['chillybin', 'jafflr'] },
];

/** A service's environment as compose hands it over, from a `.env` holding the two secrets. */
function environment(name: string): Record<string, string> {
  return composeEnvironment(compose.services[name] ?? {});
}

/** The port a service listens on inside its container, as its own config reads compose's environment. */
function configuredPort(name: string): number {
  if (name === 'mongo') return 27017;
  return services.find((s) => s.name === name)!.load(environment(name)).port;
}

/** The URLs in a service's environment: their hosts are the compose services it talks to. */
function urlsIn(env: Record<string, string>): { variable: string; url: URL }[] {
  return Object.entries(env)
    .filter(([, value]) => /^(https?|mongodb):\/\//.test(value))
    .map(([variable, value]) => ({ variable, url: new URL(value) }));
}

describe('compose.yaml', () => {
  it('runs mongo and the three services, and the rest only in the observability profile', () => {
    expect(defaultServices(compose).sort()).toEqual(['chillybin', 'gateway', 'jafflr', 'mongo']);
    for (const [name, service] of Object.entries(compose.services)) {
      if (!defaultServices(compose).includes(name)) expect(service.profiles, name).toEqual(['observability']);
    }
  });

  it('keeps mongo data in a named volume and checks mongo with a ping', () => {
    const mongo = compose.services.mongo!;
    const [volume] = mongo.volumes?.[0]?.split(':') ?? [];
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    expect(mongo.image).toMatch(/^mongo:/);
    expect(mongo.healthcheck?.test.join(' ')).toMatch(/mongosh .*ping/);
  });

  describe.each(services)('$name', ({ name, shape, load, needs }) => {
    const service = compose.services[name]!;
    const env = environment(name);

    it("sets only variables its config reads, besides OpenTelemetry's", () => {
      expect(Object.keys(env).filter((variable) => !(variable in shape(env)) && !variable.startsWith('OTEL_'))).toEqual(
        [],
      );
    });

    it('names itself to OpenTelemetry, and exports traces only where OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
      expect(env.OTEL_SERVICE_NAME).toBe(name);
      // compose's default for an unset variable: empty, which OpenTelemetry reads as unset.
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('');
      expect(load(env)).toBeDefined();
      const traced = composeEnvironment(service, {
        ...COMPOSE_DOT_ENV,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
      });
      expect(traced.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
      expect(load(traced)).toBeDefined();
    });

    it('sets every variable its config requires', () => {
      const required = Object.entries(shape(env))
        .filter(([, schema]) => !schema.safeParse(undefined).success)
        .map(([variable]) => variable);
      expect(required.filter((variable) => !(variable in env))).toEqual([]);
      expect(() => load(env)).not.toThrow();
    });

    it('listens on every interface in its container', () => {
      expect(load(env).host).toBe('0.0.0.0');
    });

    it('has a health check on its own /ready', () => {
      const probe = service.healthcheck?.test.join(' ') ?? '';
      const [, port] = /http:\/\/(?:127\.0\.0\.1|localhost):(\d+)\/ready\b/.exec(probe) ?? [];
      expect(Number(port)).toBe(load(env).port);
    });

    it('publishes only ports it listens on', () => {
      for (const mapping of service.ports ?? []) {
        expect(Number(String(mapping).split(':').at(-1))).toBe(load(env).port);
      }
    });

    it('points each URL at a compose service, on the port that service listens on', () => {
      for (const { variable, url } of urlsIn(env)) {
        expect(Object.keys(compose.services), variable).toContain(url.hostname);
        expect(Number(url.port), variable).toBe(configuredPort(url.hostname));
        if (url.protocol === 'http:') expect(url.pathname, variable).toBe('/graphql');
      }
    });

    it(`starts once ${needs.join(' and ')} are healthy, and waits for nothing else`, () => {
      const dependsOn = service.depends_on ?? {};
      expect(Object.keys(dependsOn).sort()).toEqual([...needs].sort());
      expect(Object.values(dependsOn).map((d) => d.condition)).toEqual(needs.map(() => 'service_healthy'));
      const reached = new Set(urlsIn(env).map(({ url }) => url.hostname));
      expect([...reached].sort()).toEqual([...needs].sort());
    });

    it('gives graceful shutdown longer than the service takes to drain', () => {
      expect(durationMs(service.stop_grace_period ?? '10s')).toBeGreaterThan(load(env).shutdownGraceMs);
    });
  });

  it('starts in order: mongo, chillybin, jafflr, gateway', () => {
    const started: string[] = [];
    const pending = new Set(defaultServices(compose));
    while (pending.size > 0) {
      const ready = [...pending].filter((s) =>
        Object.keys(compose.services[s]!.depends_on ?? {}).every((d) => started.includes(d)),
      );
      expect(ready).toHaveLength(1);
      started.push(ready[0]!);
      pending.delete(ready[0]!);
    }
    expect(started).toEqual(['mongo', 'chillybin', 'jafflr', 'gateway']);
  });

  it('routes the gateway to every subgraph in the supergraph through compose service names', () => {
    const supergraph = readFileSync(`${repoRoot}supergraph.graphql`, 'utf8');
    const config = gatewayConfig(environment('gateway'));
    for (const { name, urls } of subgraphsOf(supergraph, config.subgraphUrls)) {
      expect(
        urls.map((url) => new URL(url).host),
        name,
      ).toEqual([`${name}:${configuredPort(name)}`]);
    }
  });

  it('keeps the explorer on for local use though NODE_ENV is production', () => {
    const config = gatewayConfig(environment('gateway'));
    expect(config.nodeEnv).toBe('production');
    expect(config.graphExplorer).toBe(true);
  });
});
