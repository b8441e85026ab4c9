import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../../tools/dev/serviceProcess.js';
import { buildKustomization } from './kustomization.js';

/** A PromQL query somewhere in ops/ or deploy/, named by where it is. */
export interface OpsQuery {
  where: string;
  expr: string;
}

export const DASHBOARD_PATH = `${repoRoot}ops/grafana/dashboards/toasties-galore.json`;

interface Target {
  expr?: string;
  datasource?: { uid?: string };
}
export interface Dashboard {
  uid: string;
  title: string;
  panels: { id: number; title: string; datasource?: { uid?: string }; targets?: Target[] }[];
  annotations: { list: { name: string; enable: boolean; expr?: string; datasource?: { uid?: string } }[] };
  templating: { list: { name: string; query?: { query: string } | string; datasource?: { uid?: string } }[] };
}

export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as Dashboard;
}

/** Grafana's `label_values(metric, label)` is no PromQL: it is turned into the selector it reads. */
function templateQuery(query: string): string {
  const [, metric, label] = /^label_values\(\s*([a-zA-Z_:][\w:]*)\s*,\s*(\w+)\s*\)$/.exec(query) ?? [];
  return metric ? `count by (${label}) (${metric})` : query;
}

export function dashboardQueries(dashboard = readDashboard()): OpsQuery[] {
  return [
    ...dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr ?? '' })),
    ),
    ...dashboard.annotations.list
      .filter((a) => a.expr !== undefined)
      .map((a) => ({ where: `annotation "${a.name}"`, expr: a.expr! })),
    ...dashboard.templating.list.map((v) => ({
      where: `variable $${v.name}`,
      expr: templateQuery(typeof v.query === 'string' ? v.query : (v.query?.query ?? '')),
    })),
  ];
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function readAlertRules(): AlertRule[] {
  const file = parseYaml(readFileSync(`${repoRoot}ops/alerts.yml`, 'utf8')) as { groups: { rules: AlertRule[] }[] };
  return file.groups.flatMap((group) => group.rules);
}

export function alertQueries(): OpsQuery[] {
  return readAlertRules().map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr }));
}

/** The Prometheus queries of the canary's AnalysisTemplates. */
export function analysisQueries(): OpsQuery[] {
  return buildKustomization(`${repoRoot}deploy/k8s/overlays/canary`)
    .filter((m) => m.kind === 'AnalysisTemplate')
    .flatMap((m) =>
      (m.spec as { metrics: { name: string; provider: { prometheus?: { query: string } } }[] }).metrics.flatMap(
        (metric) =>
          metric.provider.prometheus
            ? [{ where: `analysis ${m.metadata.name}/${metric.name}`, expr: metric.provider.prometheus.query }]
            : [],
      ),
    );
}
