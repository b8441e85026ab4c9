import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../platform/logger.js';
import type { SchemaVersion } from '../../../platform/registry/SchemaRegistry.js';
import { RegistrySupergraphManager } from './RegistrySupergraphManager.js';

const sdl = readFileSync(new URL('../../../supergraph.graphql', import.meta.url), 'utf8');
const version = (n: number, supergraphSdl = sdl): SchemaVersion => ({
  _id: n,
  supergraphSdl: `${supergraphSdl}\n# version ${n}`,
  subgraphs: [],
  action: 'publish',
  publishedBy: 'test',
  publishedAt: new Date(),
  changes: [],
  check: { exitCode: 0, summary: 'passed' },
});

/** A manager over a registry whose answers the test sets, with the gateway's callbacks recorded. */
async function manager(
  registry: { current: () => Promise<number>; versions: Record<number, SchemaVersion> },
  healthCheck = vi.fn(async () => {}),
) {
  const logger = { info: vi.fn(), error: vi.fn(), warn: vi.fn(), debug: vi.fn() };
  const metrics = new Registry();
  const m = new RegistrySupergraphManager({
    schemas: {
      currentNumber: registry.current,
      version: async (n) => registry.versions[n] ?? Promise.reject(new Error(`no version ${n}`)),
    },
    initial: version(1),
    pollMs: 60_000,
    logger: logger as unknown as Logger,
    metrics,
  });
  const update = vi.fn();
  const { cleanup } = await m.initialize({ update, healthCheck, getDataSource: vi.fn() } as never);
  const failures = async (reason: string) =>
    (await metrics.getSingleMetric('gateway_supergraph_update_failures_total')!.get()).values.find(
      (v) => v.labels.reason === reason,
    )?.value ?? 0;
  return { m, update, logger, failures, cleanup };
}

describe('RegistrySupergraphManager', () => {
  it('hands a new current version to the gateway, once', async () => {
    const { m, update, cleanup } = await manager({ current: async () => 2, versions: { 2: version(2) } });
    await m.poll();
    await m.poll();
    expect(update).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledWith(version(2).supergraphSdl);
    expect(m.handing).toBe(2);
    await cleanup();
  });

  it('never hands over a supergraph that does not load, and does not try it again', async () => {
    const { m, update, failures, cleanup } = await manager({
      current: async () => 2,
      versions: { 2: version(2, 'type Query { broken') },
    });
    await m.poll();
    await m.poll();
    expect(update).not.toHaveBeenCalled();
    expect(await failures('load')).toBe(1);
    expect(m.handing).toBe(1);
    await cleanup();
  });

  it('tries again after a failed health check', async () => {
    const healthCheck = vi.fn().mockRejectedValueOnce(new Error('chillybin down')).mockResolvedValue(undefined);
    const { m, update, failures, cleanup } = await manager(
      { current: async () => 2, versions: { 2: version(2) } },
      healthCheck,
    );
    await m.poll();
    expect(update).not.toHaveBeenCalled();
    await m.poll();
    expect(update).toHaveBeenCalledTimes(1);
    expect(await failures('health_check')).toBe(1);
    await cleanup();
  });

  it('keeps serving through a registry outage, counting each failed poll and logging the outage once', async () => {
    let down = true;
    const current = async () => (down ? Promise.reject(new Error('registry down')) : 1);
    const { m, update, logger, failures, cleanup } = await manager({ current, versions: {} });
    await m.poll();
    await m.poll();
    down = false;
    await m.poll();
    expect(update).not.toHaveBeenCalled();
    expect(await failures('registry')).toBe(2);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith('the schema registry answers again');
    await cleanup();
  });
});
