import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteHandler } from '../../platform/httpService.js';
import { staticFiles } from '../../platform/staticFiles.js';

/**
 * The built frontend (`npm run build:web`): the kiosk and the favicon always;
 * GraphiQL and the project's documents only where the graph explorer is on,
 * like the landing page at `/` and introspection.
 */
export function webRoutes(webDistPath: string, graphExplorer: boolean): Record<string, RouteHandler> {
  const routes: Record<string, RouteHandler> = {};
  const serve = (name: string) => {
    const handler = staticFiles({ root: join(webDistPath, name), prefix: `/${name}` });
    routes[`/${name}`] = handler;
    routes[`/${name}/*`] = handler;
  };
  serve('kiosk');
  const favicon = staticFiles({ root: join(webDistPath, 'favicon'), prefix: '' });
  routes['/favicon.svg'] = favicon;
  // Browsers ask for /favicon.ico on pages that name no icon (/usage, /registry): the same picture, as SVG.
  routes['/favicon.ico'] = (req, res) => favicon(Object.assign(req, { url: '/favicon.svg' }), res);
  if (graphExplorer) {
    serve('graphiql');
    serve('docs');
  }
  return routes;
}

/** Whether the build rendered the documents (it does where their sources are: not in a Docker image). */
export function hasDocs(webDistPath: string): boolean {
  return existsSync(join(webDistPath, 'docs', 'index.html'));
}
