import type { Registry } from 'prom-client';
import { sendJson } from '../../../platform/httpResponses.js';
import type { RouteHandler } from '../../../platform/httpService.js';
import type { Logger } from '../../../platform/logger.js';
import { UsageCounts } from './UsageCounts.js';
import { deprecatedUsage } from './usagePlugin.js';
import type { UsageRegistrySink } from './UsageRegistrySink.js';
import { UsageReportFile, readUsageReport } from './usageReportFile.js';

/** Distinct operations whose analysis is kept; a kiosk and a few tools send far fewer. */
const PLAN_CACHE_SIZE = 1000;

export interface UsageTrackingOptions {
  registry: Registry;
  logger: Logger;
  reportPath?: string;
  reportIntervalMs: number;
  /** Where usage goes besides the file: the schema registry, shared by every gateway. */
  sink?: UsageRegistrySink | undefined;
}

/**
 * The gateway's tracking of deprecated usage, wired together: the Apollo
 * plugin that counts, the `/usage` report, and the report file, if any. The
 * counts start from the file an earlier run left; rewriting it is background
 * work, for the gateway's HTTP service to start once it listens and to stop
 * (writing it one last time) once HTTP has drained, so that every request is in it.
 */
export function createUsageTracking({ registry, logger, reportPath, reportIntervalMs, sink }: UsageTrackingOptions) {
  const counts = new UsageCounts(registry, sink && ((client, uses) => sink.record(client, uses)));
  const earlier = reportPath ? readUsageReport(reportPath) : undefined;
  if (earlier) counts.restore(earlier);
  const file = reportPath ? new UsageReportFile(reportPath, counts, reportIntervalMs, logger) : undefined;
  const { plugin, record } = deprecatedUsage({ counts, registry, cacheSize: PLAN_CACHE_SIZE });
  const routes: Record<string, RouteHandler> = {
    '/usage': (_req, res) => sendJson(res, 200, counts.report()),
  };
  return {
    counts,
    plugin,
    /** The plugin's count of one request, for an answer given before Apollo. */
    record,
    routes,
    /** Started when the gateway listens, stopped (the file written one last time, the sink flushed) after HTTP drains. */
    background: [...(file ? [file] : []), ...(sink ? [sink] : [])],
  };
}
