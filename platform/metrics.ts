import { Registry, collectDefaultMetrics } from 'prom-client';

/** A Prometheus registry per service; every metric carries the service and its version. */
export function createMetrics({ service, version }: { service: string; version: string }): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service, version });
  collectDefaultMetrics({ register: registry });
  return registry;
}
