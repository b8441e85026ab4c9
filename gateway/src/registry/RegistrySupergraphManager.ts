import type { SubgraphHealthCheckFunction, SupergraphManager, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../../platform/logger.js';
import type { SchemaRegistry, SchemaVersion } from '../../../platform/registry/SchemaRegistry.js';

export interface RegistrySupergraphOptions {
  schemas: Pick<SchemaRegistry, 'currentNumber' | 'version'>;
  /** The version read at start-up, served first. */
  initial: SchemaVersion;
  pollMs: number;
  logger: Logger;
  metrics: Registry;
}

type FailureReason = 'registry' | 'health_check' | 'load';

/**
 * Serves the schema registry's current version, and follows it. Like Apollo's
 * UplinkSupergraphManager, it polls with a timer that is set again only once a
 * poll has finished, checks the subgraphs with the new supergraph, and hands it
 * to the gateway's `update`, which swaps the schema between requests. A version
 * that does not load is never served: the gateway keeps the one it has, and that
 * version is not tried again (a later publish or a rollback supersedes it). A
 * failed health check or an unreachable registry is tried again next poll.
 */
export class RegistrySupergraphManager implements SupergraphManager {
  /** The version the gateway serves, or is being handed: what the `onSchemaLoadOrUpdate` listener labels the schema with. */
  handing: number;
  private served: number;
  private readonly rejected = new Set<number>();
  /** Whether the last poll could not read the registry: logged once per outage, not on every poll. */
  private unreachable = false;
  private timer?: NodeJS.Timeout;
  private polling: Promise<void> = Promise.resolve();
  private stopped = false;
  private update?: SupergraphSdlUpdateFunction;
  private healthCheck?: SubgraphHealthCheckFunction;
  private readonly failures: Counter<'reason'>;
  private readonly version: Gauge;

  constructor(private readonly options: RegistrySupergraphOptions) {
    this.served = this.handing = options.initial._id;
    this.failures = new Counter({
      name: 'gateway_supergraph_update_failures_total',
      help: 'Registry versions the gateway could not switch to, by reason (registry: unreachable, health_check: a subgraph did not answer, load: the supergraph did not load)',
      labelNames: ['reason'],
      registers: [options.metrics],
    });
    this.version = new Gauge({
      name: 'gateway_supergraph_version',
      help: 'The schema registry version the gateway serves',
      registers: [options.metrics],
    });
    this.version.set(this.served);
  }

  async initialize({
    update,
    healthCheck,
  }: {
    update: SupergraphSdlUpdateFunction;
    healthCheck: SubgraphHealthCheckFunction;
  }) {
    this.update = update;
    this.healthCheck = healthCheck;
    this.schedule();
    return {
      supergraphSdl: this.options.initial.supergraphSdl,
      cleanup: async () => {
        this.stopped = true;
        clearTimeout(this.timer);
        await this.polling;
      },
    };
  }

  /** One look at the registry; public so that tests need not wait for the timer. */
  poll(): Promise<void> {
    this.polling = this.polling.then(() => this.follow());
    return this.polling;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll().finally(() => this.schedule()), this.options.pollMs);
    this.timer.unref();
  }

  private async follow(): Promise<void> {
    const { schemas, logger } = this.options;
    let next: SchemaVersion | undefined;
    try {
      const number = await schemas.currentNumber();
      const wanted = number !== this.served && !this.rejected.has(number) && !this.stopped;
      next = wanted ? await schemas.version(number) : undefined;
    } catch (err) {
      this.failures.inc({ reason: 'registry' });
      if (!this.unreachable) logger.error({ err }, 'cannot read the schema registry; serving the supergraph it has');
      this.unreachable = true;
      return;
    }
    if (this.unreachable) logger.info('the schema registry answers again');
    this.unreachable = false;
    if (!next) return;
    try {
      // What the gateway's update does first; done here so a supergraph that cannot load is told from a subgraph down.
      Supergraph.build(next.supergraphSdl);
    } catch (err) {
      return this.reject(next._id, err);
    }
    try {
      await this.healthCheck?.(next.supergraphSdl);
    } catch (err) {
      return this.failed(
        'health_check',
        err,
        `supergraph version ${next._id}: a subgraph did not answer; will try again`,
      );
    }
    if (this.stopped) return;
    this.handing = next._id;
    try {
      this.update?.(next.supergraphSdl);
    } catch (err) {
      this.handing = this.served;
      return this.reject(next._id, err);
    }
    logger.info(
      { from: this.served, to: next._id, publishedBy: next.publishedBy },
      'switched to a new supergraph version',
    );
    this.served = next._id;
    this.version.set(next._id);
  }

  private reject(version: number, err: unknown): void {
    this.rejected.add(version);
    this.failed('load', err, `supergraph version ${version} does not load; still serving version ${this.served}`);
  }

  private failed(reason: FailureReason, err: unknown, message: string): void {
    this.failures.inc({ reason });
    this.options.logger.error({ err, reason }, message);
  }
}
