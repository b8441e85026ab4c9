import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadConfig as gatewayConfig } from '../../gateway/src/config.js';
import { loadConfig as chillybinConfig } from '../../subgraphs/chillybin/src/config.js';
import { loadConfig as jafflrConfig } from '../../subgraphs/jafflr/src/config.js';
import { repoRoot } from '../../tools/dev/serviceProcess.js';
import { composeEnvironment, defaultServices, mountOf, readCompose } from '../support/deployFiles.js';
import { readDashboard } from '../support/opsQueries.js';

// The observability profile's files parse and fit together: compose mounts them where Prometheus and
// Grafana look, Prometheus scrapes each service where it listens, and the dashboard names only
// provisioned data sources. test/observability/queriedMetrics.test.ts checks what the queries read.

const compose = readCompose();
const prometheus = compose.services.prometheus!;
const grafana = compose.services.grafana!;
const yamlFile = (path: string) => parseYaml(readFileSync(`${repoRoot}${path}`, 'utf8')) as unknown;

const PrometheusConfig = z.strictObject({
  global: z.strictObject({ scrape_interval: z.string(), evaluation_interval: z.string() }),
  rule_files: z.array(z.string()).min(1),
  scrape_configs: z.array(
    z.strictObject({
      job_name: z.string(),
      metrics_path: z.string().optional(),
      static_configs: z.array(z.strictObject({ targets: z.array(z.string().regex(/^[\w.-]+:\d+$/)) })),
    }),
  ),
});
const Datasources = z.strictObject({
  apiVersion: z.literal(1),
  datasources: z.array(
    z.object({
      name: z.string(),
      uid: z.string(),
      type: z.enum(['prometheus', 'jaeger']),
      access: z.literal('proxy'),
      url: z.url(),
    }),
  ),
});
const DashboardProviders = z.strictObject({
  apiVersion: z.literal(1),
  providers: z.array(z.object({ name: z.string(), type: z.literal('file'), options: z.object({ path: z.string() }) })),
});

const prometheusConfig = PrometheusConfig.parse(yamlFile('ops/prometheus/prometheus.yml'));
const datasources = Datasources.parse(yamlFile('ops/grafana/provisioning/datasources/datasources.yml')).datasources;
const providers = DashboardProviders.parse(yamlFile('ops/grafana/provisioning/dashboards/dashboards.yml')).providers;
const dashboard = readDashboard();

const ports: Record<string, number> = {
  gateway: gatewayConfig(composeEnvironment(compose.services.gateway!)).port,
  chillybin: chillybinConfig(composeEnvironment(compose.services.chillybin!)).port,
  jafflr: jafflrConfig(composeEnvironment(compose.services.jafflr!)).port,
};

/** The port a profile service listens on in its container, as it publishes it. */
function publishedPort(name: string): number {
  return Number(String(compose.services[name]?.ports?.[0]).split(':').at(-1));
}

describe('ops/prometheus/prometheus.yml', () => {
  it('is the file the prometheus service is started with', () => {
    const configFile = prometheus.command?.find((arg) => arg.startsWith('--config.file='))?.split('=')[1];
    expect(mountOf(prometheus, './ops/prometheus/prometheus.yml')).toBe(configFile);
  });

  it('loads ops/alerts.yml from where compose mounts it', () => {
    expect(prometheusConfig.rule_files).toEqual([mountOf(prometheus, './ops/alerts.yml')]);
  });

  it('scrapes every service as a job of its name, where it listens, on the /metrics it serves', () => {
    const jobs = Object.fromEntries(prometheusConfig.scrape_configs.map((c) => [c.job_name, c]));
    expect(Object.keys(jobs).sort()).toEqual(
      defaultServices(compose)
        .filter((s) => s !== 'mongo')
        .sort(),
    );
    for (const [service, port] of Object.entries(ports)) {
      expect(jobs[service]?.static_configs.flatMap((c) => c.targets)).toEqual([`${service}:${port}`]);
      expect(jobs[service]?.metrics_path ?? '/metrics').toBe('/metrics');
    }
    expect(readFileSync(`${repoRoot}platform/httpService.ts`, 'utf8')).toContain(`path === '/metrics'`);
  });
});

describe('ops/grafana', () => {
  it('is mounted where Grafana reads provisioning, and the dashboards where the provider looks', () => {
    expect(mountOf(grafana, './ops/grafana/provisioning')).toBe('/etc/grafana/provisioning');
    expect(providers.map((p) => p.options.path)).toEqual([mountOf(grafana, './ops/grafana/dashboards')]);
  });

  it('points each data source at a compose service, on the port it listens on', () => {
    expect(datasources.map((d) => d.type).sort()).toEqual(['jaeger', 'prometheus']);
    for (const { url, type } of datasources) {
      const { hostname, port } = new URL(url);
      expect(compose.services[hostname]?.profiles, type).toEqual(['observability']);
      expect(Number(port), type).toBe(publishedPort(hostname));
    }
  });

  it('starts after what it reads', () => {
    const hosts = datasources.map((d) => new URL(d.url).hostname).sort();
    expect(Object.keys(grafana.depends_on ?? {}).sort()).toEqual(hosts);
  });
});

describe('the dashboard', () => {
  const uids = new Set(datasources.map((d) => d.uid));
  const prometheusUid = datasources.find((d) => d.type === 'prometheus')!.uid;

  it('names only provisioned data sources', () => {
    for (const panel of dashboard.panels) {
      expect(uids, panel.title).toContain(panel.datasource?.uid);
      for (const target of panel.targets ?? []) expect(uids, panel.title).toContain(target.datasource?.uid);
    }
  });

  it('has a panel for everything the issue asks', () => {
    const titles = dashboard.panels.map((p) => p.title).join('\n');
    for (const wanted of [
      /^Requests per second, by service$/m,
      /^Errors per second, by service and code$/m,
      /^Operation latency p50 and p99/m,
      /^Subgraph fetch latency/m,
      /^Stock per ingredient$/m,
      /^Toasties per minute$/m,
      /^Deprecated usage per minute, by client$/m,
      /^Instances per version, by service$/m,
    ]) {
      expect(titles).toMatch(wanted);
    }
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  });

  it('marks each new version of a service with an annotation shown on every panel', () => {
    const deploys = dashboard.annotations.list.find((a) => a.name === 'Deploys') as
      (Record<string, unknown> & { expr: string; datasource: { uid: string } }) | undefined;
    expect(deploys).toMatchObject({ enable: true, datasource: { uid: prometheusUid } });
    // No filter: Grafana draws an annotation without one on every panel.
    expect(deploys).not.toHaveProperty('filter');
    expect(deploys?.expr).toMatch(/service_version/);
  });
});
