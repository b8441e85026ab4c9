import { Registry, collectDefaultMetrics } from 'prom-client';

/** A Prometheus registry per service; every metric carries the service and its version. */
export function createMetrics({ service, version }: { service: string; version: string }): Registry {
  const registry = new Registry();
  // Not `version`: Node's own nodejs_version_info has a label of that name, which would hide ours.
  registry.setDefaultLabels({ service, service_version: version });
  collectDefaultMetrics({ register: registry });
  return registry;
}
