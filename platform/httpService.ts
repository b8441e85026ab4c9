import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { Registry } from 'prom-client';
import { ErrorCode } from './errors.js';
import { createGraphQLHandler, type AnswerFirst } from './graphqlHandler.js';
import { sendGraphQLError, sendJson, sendText } from './httpResponses.js';
import type { Health } from './health.js';
import type { Logger } from './logger.js';
import { createOperationObserver, type OperationObserver } from './operationObserver.js';
import { refuseUnresolvedOperations } from './operationResolution.js';
import { CallerGone, REQUEST_ID_HEADER, deadlineOf, requestIdOf, type RequestScope } from './requestScope.js';
import { carriesSubgraphSecret } from './secrets.js';
import { withTimeout } from './withTimeout.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServiceOptions {
  logger: Logger;
  health: Health;
  metrics: Registry;
  /** Paths that serve GraphQL (and, on a GET from a browser, the landing page). */
  graphqlPaths: string[];
  /** Further routes by exact path, or by prefix when the key ends in `/*` (`/kiosk/*`), such as the kiosk. */
  routes?: Record<string, RouteHandler>;
  maxBodyBytes: number;
  /**
   * Set on subgraphs: every GraphQL request must carry this secret (only the
   * gateway and jafflr have it), else 401 UNAUTHENTICATED. /health, /ready
   * and /metrics stay open.
   */
  subgraphSecret?: string;
  /** How long in-flight requests may take to finish once shutdown begins. */
  shutdownGraceMs: number;
  /**
   * Work the service does on its own (sweeps, settling): started once it
   * listens, stopped after HTTP has drained and before `onClose`.
   */
  background?: { start(): void; stop(): Promise<void> }[];
  /** Releases what the service holds (database clients, sockets), after HTTP has drained. */
  onClose?: () => Promise<void>;
}

/**
 * One HTTP server per service: GraphQL through Apollo Server, plus the
 * operational endpoints every service has (/health, /ready, /metrics), and a
 * graceful stop that flips readiness first, then drains, then closes resources.
 */
export class HttpService<TContext extends BaseContext> {
  readonly httpServer: http.Server;
  private apollo?: ApolloServer<TContext>;
  private handleGraphQL?: ReturnType<typeof createGraphQLHandler<TContext>>;
  private stopping?: Promise<void>;
  /** Measures and logs each GraphQL operation: Apollo's plugin, and for answers given before Apollo. */
  readonly observer: OperationObserver;
  /** Responses not yet sent, so that shutdown can tell their clients not to reuse the connection. */
  private readonly unanswered = new Set<ServerResponse>();
  /**
   * Requests still being handled, answered or not. A client that went away
   * leaves no connection for the drain to wait for, but its handler may still
   * be calling a subgraph or the database: shutdown waits for these too.
   */
  private readonly handling = new Set<Promise<void>>();

  constructor(private readonly options: HttpServiceOptions) {
    this.observer = createOperationObserver({ registry: options.metrics, logger: options.logger });
    this.httpServer = http.createServer((req, res) => {
      const callerGone = new CallerGone();
      if (options.health.isShuttingDown) res.shouldKeepAlive = false;
      else this.unanswered.add(res);
      // One listener per request, for both: a response that closes unsent means its caller has gone.
      res.once('close', () => {
        this.unanswered.delete(res);
        if (!res.writableFinished) callerGone.go();
      });
      const handled = this.route(req, res, callerGone).catch((err: unknown) => {
        options.logger.error({ err }, 'request failed');
        if (!res.headersSent) sendText(res, 500, 'Internal server error');
        else res.end();
      });
      this.handling.add(handled);
      void handled.finally(() => this.handling.delete(handled));
    });
    this.httpServer.keepAliveTimeout = 65_000;
  }

  /**
   * Plugins the Apollo server must be built with: its stop drains this HTTP
   * server, each operation is logged and measured, and a document with no
   * operation to run is refused before any other plugin looks for one.
   */
  apolloPlugins(): ApolloServerPlugin<TContext>[] {
    return [
      refuseUnresolvedOperations<TContext>(),
      this.observer.plugin,
      ApolloServerPluginDrainHttpServer({
        httpServer: this.httpServer,
        stopGracePeriodMillis: this.options.shutdownGraceMs,
      }),
    ];
  }

  mountGraphQL(
    apollo: ApolloServer<TContext>,
    context: (req: IncomingMessage, scope: RequestScope) => Promise<TContext>,
    answerFirst?: AnswerFirst,
  ): void {
    this.apollo = apollo;
    this.handleGraphQL = createGraphQLHandler({
      apollo,
      context,
      maxBodyBytes: this.options.maxBodyBytes,
      onRejected: (code) => this.observer.rejected(code),
      answerFirst,
    });
  }

  /** Starts Apollo, then listens; resolves to the service's base URL. */
  async listen(port: number, host: string): Promise<string> {
    if (!this.apollo) throw new Error('mountGraphQL must be called before listen');
    await this.apollo.start();
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(port, host, () => {
        this.httpServer.off('error', reject);
        resolve();
      });
    });
    for (const work of this.options.background ?? []) work.start();
    const address = this.httpServer.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${address.port}`;
  }

  /** Idempotent: readiness goes false, in-flight requests finish (bounded), resources close. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const graceEnds = Date.now() + this.options.shutdownGraceMs;
      this.options.health.beginShutdown();
      // "Connection: close" on what is still to be answered: a client that reused
      // the connection after it would race the server closing it.
      for (const res of this.unanswered) if (!res.headersSent) res.shouldKeepAlive = false;
      try {
        if (this.apollo) await this.apollo.stop();
        else if (this.httpServer.listening) await new Promise((r) => this.httpServer.close(r));
        await this.handlersFinished(graceEnds);
      } finally {
        await Promise.all((this.options.background ?? []).map((work) => work.stop()));
        await this.options.onClose?.();
      }
    })();
    return this.stopping;
  }

  /** Waits, until the grace period ends, for the requests still being handled once their connections are gone. */
  private async handlersFinished(graceEnds: number): Promise<void> {
    const running = this.handling.size;
    if (running === 0) return;
    const { logger } = this.options;
    logger.info({ requests: running }, 'waiting for requests still being handled');
    try {
      await withTimeout(Promise.all(this.handling), Math.max(0, graceEnds - Date.now()), 'grace period over');
    } catch {
      logger.warn({ requests: this.handling.size }, 'requests still being handled when the grace period ended');
    }
  }

  private prefixRoute(path: string): RouteHandler | undefined {
    for (const [pattern, handler] of Object.entries(this.options.routes ?? {})) {
      if (pattern.endsWith('/*') && path.startsWith(pattern.slice(0, -1))) return handler;
    }
    return undefined;
  }

  private async route(req: IncomingMessage, res: ServerResponse, callerGone: CallerGone): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;

    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (path === '/ready') {
      const report = await this.options.health.readiness();
      return sendJson(res, report.ready ? 200 : 503, report);
    }
    if (path === '/metrics') {
      res.setHeader('content-type', this.options.metrics.contentType);
      res.end(await this.options.metrics.metrics());
      return;
    }
    const route = this.options.routes?.[path] ?? this.prefixRoute(path);
    if (route) return route(req, res);
    if (this.handleGraphQL && this.options.graphqlPaths.includes(path)) {
      const requestId = requestIdOf(req);
      // Downstream code and plugins read the checked id, never the caller's raw header.
      req.headers[REQUEST_ID_HEADER] = requestId;
      res.setHeader(REQUEST_ID_HEADER, requestId);
      const { subgraphSecret } = this.options;
      if (subgraphSecret !== undefined && !carriesSubgraphSecret(req, subgraphSecret)) {
        this.observer.rejected(ErrorCode.UNAUTHENTICATED);
        return sendGraphQLError(res, 401, ErrorCode.UNAUTHENTICATED, 'This subgraph answers the gateway only');
      }
      const logger = this.options.logger.child({ requestId });
      return this.handleGraphQL(req, res, url.search, {
        requestId,
        logger,
        deadline: deadlineOf(req),
        callerGone,
      });
    }
    sendText(res, 404, 'Not found');
  }
}
