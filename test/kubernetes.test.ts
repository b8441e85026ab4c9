import { readFileSync } from 'node:fs';
import { AnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import { Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { gatewayEnv, loadConfig as gatewayConfig } from '../gateway/src/config.js';
import { chillybinEnv, loadConfig as chillybinConfig } from '../subgraphs/chillybin/src/config.js';
import { jafflrEnv, loadConfig as jafflrConfig } from '../subgraphs/jafflr/src/config.js';
import { repoRoot } from '../tools/dev/serviceProcess.js';
import { effectiveInstructions, readDockerfile } from './support/deployFiles.js';
import { buildKustomization, containersOf, readManifests, type Manifest } from './support/kustomization.js';

// deploy/k8s against the Kubernetes and Argo Rollouts schemas (offline, kubernetes-models) and against
// what the services really read: ports, probe paths, grace periods and variables come from each config.

const k8s = `${repoRoot}deploy/k8s/`;
const base = buildKustomization(`${k8s}base`);
const canary = buildKustomization(`${k8s}overlays/canary`);
const [exampleSecret] = readManifests(`${k8s}secret.example.yaml`) as [
  Manifest & { stringData: Record<string, string> },
];

const schemas: Record<string, { validate(): void } & (new (data: never) => { validate(): void })> = {
  'apps/v1/Deployment': Deployment as never,
  'v1/Service': Service as never,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as never,
  'v1/ConfigMap': ConfigMap as never,
  'v1/Secret': Secret as never,
  'argoproj.io/v1alpha1/Rollout': Rollout as never,
  'argoproj.io/v1alpha1/AnalysisTemplate': AnalysisTemplate as never,
};

type Loaded = { port: number; host: string; shutdownGraceMs: number };
const services: {
  name: string;
  shape: (env: Record<string, string>) => Record<string, z.ZodType>;
  load: (env: Record<string, string>) => Loaded;
}[] = [
  { name: 'chillybin', shape: chillybinEnv, load: chillybinConfig },
  { name: 'jafflr', shape: jafflrEnv, load: jafflrConfig },
  { name: 'gateway', shape: gatewayEnv, load: gatewayConfig },
];

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
  };
}
interface Probe {
  httpGet: { path: string; port: string };
  timeoutSeconds: number;
}
interface Container {
  name: string;
  image: string;
  ports: { name: string; containerPort: number }[];
  env: EnvVar[];
  readinessProbe: Probe;
  livenessProbe: Probe;
  lifecycle: { preStop: { exec: { command: string[] } } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
}
interface DeploymentSpec {
  replicas: number;
  selector: { matchLabels: Record<string, string> };
  strategy: { type: string; rollingUpdate: { maxSurge: number; maxUnavailable: number } };
  template: { metadata: { labels: Record<string, string> }; spec: { terminationGracePeriodSeconds: number } };
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}
const specOf = <T>(m: Manifest) => m.spec as T;
const containerOf = (name: string) => containersOf(find(base, 'Deployment', name))[0] as unknown as Container;

/** The environment a container gets, secrets taken from secret.example.yaml and the version from its label. */
function environment(name: string): Record<string, string> {
  const labels = specOf<DeploymentSpec>(find(base, 'Deployment', name)).template.metadata.labels;
  const env: Record<string, string> = {};
  for (const variable of containerOf(name).env) {
    const from = variable.valueFrom;
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (from?.secretKeyRef) env[variable.name] = exampleSecret.stringData[from.secretKeyRef.key]!;
    else if (from?.fieldRef) {
      const [, label] = /^metadata\.labels\['(.+)'\]$/.exec(from.fieldRef.fieldPath) ?? [];
      env[variable.name] = labels[label!]!;
    }
  }
  return env;
}

/** Variables read by something other than the zod configs: the version (platform/version.ts) and OpenTelemetry's SDK. */
const readElsewhere = (variable: string) => variable === 'SERVICE_VERSION' || variable.startsWith('OTEL_');

describe('deploy/k8s', () => {
  it.each([
    { name: 'base', manifests: base },
    { name: 'overlays/canary', manifests: canary },
    { name: 'secret.example.yaml', manifests: [exampleSecret] },
  ])('$name: every object is valid against its schema', ({ manifests }) => {
    expect(manifests.length).toBeGreaterThan(0);
    for (const m of manifests) {
      const Model = schemas[`${m.apiVersion}/${m.kind}`];
      expect(Model, `${m.apiVersion}/${m.kind} ${m.metadata.name}`).toBeDefined();
      expect(() => new Model!(m as never).validate(), `${m.kind} ${m.metadata.name}`).not.toThrow();
    }
  });

  it('the schemas catch a bad manifest (the check is real)', () => {
    const broken = structuredClone(find(base, 'Deployment', 'chillybin'));
    (containersOf(broken)[0] as unknown as Container).ports[0]!.containerPort = 'http' as never;
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort/);
  });

  it('runs the gateway, chillybin and jafflr, each a Deployment, a Service and a PodDisruptionBudget', () => {
    for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget']) {
      expect(
        base
          .filter((m) => m.kind === kind)
          .map((m) => m.metadata.name)
          .sort(),
      ).toEqual(['chillybin', 'gateway', 'jafflr']);
    }
  });

  describe.each(services)('$name', ({ name, shape, load }) => {
    const deployment = specOf<DeploymentSpec>(find(base, 'Deployment', name));
    const container = containerOf(name);
    const env = environment(name);
    const config = load(env);

    it('runs at least two replicas, replaced one at a time with none taken away first', () => {
      expect(deployment.replicas).toBeGreaterThanOrEqual(2);
      expect(deployment.strategy.type).toBe('RollingUpdate');
      expect(deployment.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    });

    it('sets only variables something reads, and every one its config requires', () => {
      expect(Object.keys(env).filter((v) => !(v in shape(env)) && !readElsewhere(v))).toEqual([]);
      const required = Object.entries(shape(env))
        .filter(([, schema]) => !schema.safeParse(undefined).success)
        .map(([variable]) => variable);
      expect(required.filter((variable) => !(variable in env))).toEqual([]);
      expect(config.host).toBe('0.0.0.0');
      expect(env.NODE_ENV).toBe('production');
    });

    it('takes its secrets from the Secret, and names only keys it has', () => {
      for (const secret of ['SUBGRAPH_SECRET', 'ADMIN_TOKEN', 'MONGODB_URI']) {
        const variable = container.env.find((v) => v.name === secret);
        if (variable) expect(variable.valueFrom?.secretKeyRef?.name, secret).toBe(exampleSecret.metadata.name);
      }
      for (const ref of container.env.flatMap((v) => v.valueFrom?.secretKeyRef ?? [])) {
        expect(Object.keys(exampleSecret.stringData)).toContain(ref.key);
      }
    });

    it('listens on the port it declares, which its Service targets', () => {
      expect(container.ports).toEqual([{ name: 'http', containerPort: config.port }]);
      const service = specOf<{ ports: { port: number; targetPort: string }[]; selector: Record<string, string> }>(
        find(base, 'Service', name),
      );
      expect(service.ports).toEqual([{ name: 'http', port: config.port, targetPort: 'http' }]);
      expect(deployment.template.metadata.labels).toMatchObject(service.selector);
    });

    it('is probed for readiness on /ready and liveness on /health, the routes the service answers', () => {
      const routes = readFileSync(`${repoRoot}platform/httpService.ts`, 'utf8');
      expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(routes).toContain(`path === '/ready'`);
      expect(routes).toContain(`path === '/health'`);
    });

    it('pauses before SIGTERM and gives the pod longer than the pause and SHUTDOWN_GRACE_MS together', () => {
      const [command, seconds] = container.lifecycle.preStop.exec.command;
      expect(command).toBe('sleep');
      const pauseMs = Number(seconds) * 1000;
      expect(pauseMs).toBeGreaterThan(0);
      expect(deployment.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
        pauseMs + config.shutdownGraceMs,
      );
    });

    it('requests and limits CPU and memory', () => {
      for (const side of ['requests', 'limits'] as const) {
        expect(Object.keys(container.resources[side]).sort()).toEqual(['cpu', 'memory']);
      }
    });

    it("runs its Dockerfile target's image, tagged with the version it reports", () => {
      const [image, tag] = container.image.split(':');
      expect(image).toBe(`toasties-galore/${name}`);
      expect(tag).toBe(deployment.template.metadata.labels['app.kubernetes.io/version']);
      expect(env.SERVICE_VERSION).toBe(tag);
      const exposed = effectiveInstructions(readDockerfile(), name).find((i) => i.keyword === 'EXPOSE');
      expect(Number(exposed?.args)).toBe(config.port);
    });

    it('points each URL at a Service, on the port that service listens on', () => {
      for (const [variable, value] of Object.entries(env).filter(([, v]) => /^https?:\/\//.test(v))) {
        const url = new URL(value);
        const target = services.find((s) => s.name === url.hostname);
        expect(target, variable).toBeDefined();
        expect(Number(url.port), variable).toBe(target!.load(environment(target!.name)).port);
        expect(url.pathname, variable).toBe('/graphql');
      }
    });

    it('keeps one instance through voluntary disruptions, and lets a node drain', () => {
      const pdb = specOf<{ minAvailable: number; selector: { matchLabels: Record<string, string> } }>(
        find(base, 'PodDisruptionBudget', name),
      );
      expect(pdb.minAvailable).toBeGreaterThanOrEqual(1);
      expect(pdb.minAvailable).toBeLessThan(deployment.replicas);
      expect(deployment.template.metadata.labels).toMatchObject(pdb.selector.matchLabels);
    });

    it('takes the OpenTelemetry exporter from an optional ConfigMap key, so tracing is off until it is set', () => {
      const endpoint = container.env.find((v) => v.name === 'OTEL_EXPORTER_OTLP_ENDPOINT');
      expect(endpoint?.valueFrom?.configMapKeyRef?.optional).toBe(true);
      const telemetry = find(base, 'ConfigMap', endpoint!.valueFrom!.configMapKeyRef!.name) as Manifest & {
        data: Record<string, string>;
      };
      expect(telemetry.data.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
      expect(env.OTEL_SERVICE_NAME).toBe(name);
    });
  });

  it('connects to MongoDB as a replica set, with retryable writes on', async () => {
    // The driver's own reading of the URI; nothing connects until a command is sent.
    const client = new MongoClient(exampleSecret.stringData.MONGODB_URI!);
    try {
      expect(client.options.hosts.length).toBeGreaterThanOrEqual(2);
      expect(client.options.replicaSet).toBeTruthy();
      expect(client.options.retryWrites).toBe(true);
    } finally {
      await client.close();
    }
  });

  describe('overlays/canary', () => {
    it.each(services)('$name: a Rollout runs the base Deployment as its template, the Deployment none', ({ name }) => {
      const rollout = specOf<{
        replicas: number;
        selector: { matchLabels: Record<string, string> };
        workloadRef: { apiVersion: string; kind: string; name: string };
        strategy: {
          canary: {
            maxUnavailable: number;
            steps: Record<string, unknown>[];
            analysis: { templates: { templateName: string }[]; args: { name: string; value: string }[] };
          };
        };
      }>(find(canary, 'Rollout', name));
      const deployment = specOf<DeploymentSpec>(find(canary, 'Deployment', name));
      expect(rollout.workloadRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(deployment.replicas).toBe(0);
      expect(rollout.replicas).toBeGreaterThanOrEqual(2);
      expect(rollout.selector).toEqual(deployment.selector);
      expect(rollout.strategy.canary.maxUnavailable).toBe(0);
      expect(rollout.strategy.canary.steps[0]).toHaveProperty('setWeight');

      const { templates, args } = rollout.strategy.canary.analysis;
      for (const { templateName } of templates) {
        const template = specOf<{ args: { name: string; value?: string }[] }>(
          find(canary, 'AnalysisTemplate', templateName),
        );
        const needed = template.args.filter((a) => a.value === undefined).map((a) => a.name);
        expect(args.map((a) => a.name).sort()).toEqual(needed.sort());
      }
      expect(args.find((a) => a.name === 'service')?.value).toBe(name);
    });

    it('fails the analysis on the Prometheus error rate, and on Prometheus itself failing', () => {
      const template = specOf<{
        metrics: {
          failureLimit: number;
          consecutiveErrorLimit: number;
          successCondition: string;
          provider: { prometheus: { query: string } };
        }[];
      }>(find(canary, 'AnalysisTemplate', 'server-error-rate'));
      const [metric] = template.metrics;
      expect(metric?.successCondition).toMatch(/^result\[0\] <= 0\.\d+$/);
      expect(metric?.failureLimit).toBeGreaterThanOrEqual(0);
      expect(metric?.consecutiveErrorLimit).toBeGreaterThan(0);
      expect(metric?.provider.prometheus.query).toMatch(
        /graphql_errors_total.*\/.*graphql_operation_duration_seconds_count/s,
      );
    });
  });
});
