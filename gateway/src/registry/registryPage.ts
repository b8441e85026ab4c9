import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../../platform/httpResponses.js';
import type { RouteHandler } from '../../../platform/httpService.js';
import type { Logger } from '../../../platform/logger.js';
import type { OpenRegistry } from '../../../platform/registry/openRegistry.js';
import type { SchemaVersion } from '../../../platform/registry/SchemaRegistry.js';
import type { UsageCount } from '../../../platform/registry/UsageHistory.js';
import { sameSecret } from '../../../platform/secrets.js';
import { escapeHtml as escape, usageChart, usageSeries } from './usageChart.js';

const DAYS_SHOWN = 7;
const VERSIONS_SHOWN = 20;

interface PageData {
  current: number;
  versions: Omit<SchemaVersion, 'supergraphSdl' | 'subgraphs'>[];
  usage: (UsageCount & { day: string })[];
}

function html({ current, versions, usage }: PageData): string {
  const rows = versions.map((v) => {
    const what = v.action === 'rollback' ? `rollback to ${v.rollbackOf}` : `publish ${v.subgraph ?? ''}`;
    const changes = v.changes.map((c) => `<li>${escape(c)}</li>`).join('');
    return `<tr${v._id === current ? ' class="current"' : ''}><td>${v._id}</td><td>${v.publishedAt.toISOString()}</td>
<td>${escape(what)}</td><td>${escape(v.publishedBy)}</td><td>${escape(v.gitCommit?.slice(0, 7) ?? '')}</td>
<td>${escape(v.check.summary)}<ul>${changes}</ul></td></tr>`;
  });
  const { days, series } = usageSeries(usage);
  const usageRows = series.map(
    ({ label, counts }) => `<tr><td>${escape(label)}</td>${counts.map((c) => `<td>${c}</td>`).join('')}</tr>`,
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>Schema registry</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;vertical-align:top;text-align:left}tr.current{background:#eef8ee}ul{margin:.2rem 0;padding-left:1.2rem}figure{margin:1rem 0}ul.legend{list-style:none;padding:0}</style>
</head><body><h1>Schema registry</h1><p>Current version: ${current || 'none'}</p>
<h2>Versions</h2><table><tr><th>version</th><th>when</th><th>what</th><th>by</th><th>commit</th><th>check</th></tr>${rows.join('')}</table>
<h2>Deprecated usage, last ${DAYS_SHOWN} days (every gateway)</h2>
${usageChart({ days, series }, DAYS_SHOWN)}
${usageRows.length === 0 ? '' : `<table><tr><th>element — client</th>${days.map((d) => `<th>${d}</th>`).join('')}</tr>${usageRows.join('')}</table>`}
</body></html>`;
}

/**
 * `/registry`: versions, their verdicts and deprecated usage over time, as HTML,
 * or JSON for `accept: application/json`. Open in development; in production
 * (`protect` given) only with `authorization: Bearer <ADMIN_TOKEN>`, and not
 * there at all when the gateway has no ADMIN_TOKEN.
 */
export function registryPage(
  registry: OpenRegistry,
  logger: Logger,
  protect: { adminToken?: string | undefined } = {},
): Record<string, RouteHandler> {
  if ('adminToken' in protect && !protect.adminToken) return {};
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    if (protect.adminToken && !sameSecret(protect.adminToken, bearer(req))) {
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(res, 401, { error: 'the registry page needs authorization: Bearer <ADMIN_TOKEN>' });
    }
    try {
      const current = await registry.schemas.currentNumber();
      const versions = (await registry.schemas.history(VERSIONS_SHOWN)).map(
        ({ supergraphSdl: _s, subgraphs: _g, ...v }) => v,
      );
      const usage = await registry.usage.daily(new Date(Date.now() - DAYS_SHOWN * 86_400_000));
      const data = { current, versions, usage };
      if (req.headers.accept?.includes('application/json')) return sendJson(res, 200, data);
      res.statusCode = 200;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(html(data));
    } catch (err) {
      logger.error({ err }, 'could not read the schema registry for /registry');
      sendJson(res, 503, { error: 'the schema registry cannot be read' });
    }
  };
  return { '/registry': handler };
}

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
}
