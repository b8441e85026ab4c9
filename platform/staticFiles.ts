import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { sendText } from './httpResponses.js';
import type { RouteHandler } from './httpService.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFilesOptions {
  /** The folder served; nothing outside it ever is. */
  root: string;
  /** The URL path it is served under, such as `/kiosk`. */
  prefix: string;
}

/** The file a URL path names inside root, or undefined when it would step outside it. */
export function fileFor(root: string, prefix: string, pathname: string): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    return undefined;
  }
  if (relative.includes('\0') || relative.includes('\\')) return undefined;
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const base = resolve(root);
  const file = resolve(base, `.${relative.startsWith('/') ? '' : '/'}${relative}`);
  return file.startsWith(base + sep) ? file : undefined;
}

/**
 * Serves a built folder (the kiosk, GraphiQL) with the right content types.
 * GET and HEAD only; only regular files inside the root; anything else is 404.
 */
export function staticFiles({ root, prefix }: StaticFilesOptions): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = fileFor(root, prefix, pathname);
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) return sendText(res, 404, 'Not found');

    res.statusCode = 200;
    res.setHeader('content-type', contentTypes[extname(file)] ?? 'application/octet-stream');
    res.setHeader('content-length', info.size);
    res.setHeader('x-content-type-options', 'nosniff');
    // Bundles keep their names between builds, so browsers must check back.
    res.setHeader('cache-control', 'no-cache');
    if (req.method === 'HEAD') return void res.end();
    await new Promise<void>((done, fail) => {
      createReadStream(file).on('error', fail).pipe(res).on('finish', done).on('error', fail);
    });
  };
}
