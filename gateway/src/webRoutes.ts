import { join } from 'node:path';
import type { RouteHandler } from '../../platform/httpService.js';
import { staticFiles } from '../../platform/staticFiles.js';

/**
 * The built frontend (`npm run build:web`): the kiosk always, and GraphiQL
 * only where the graph explorer is on, like Apollo Sandbox and introspection.
 */
export function webRoutes(webDistPath: string, graphExplorer: boolean): Record<string, RouteHandler> {
  const routes: Record<string, RouteHandler> = {};
  const serve = (name: string) => {
    const handler = staticFiles({ root: join(webDistPath, name), prefix: `/${name}` });
    routes[`/${name}`] = handler;
    routes[`/${name}/*`] = handler;
  };
  serve('kiosk');
  if (graphExplorer) serve('graphiql');
  return routes;
}
