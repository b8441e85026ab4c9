import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway/dist/datasources/types.js';
import { Histogram, type Registry } from 'prom-client';
import { DURATION_BUCKETS } from '../../platform/operationObserver.js';
import { REQUEST_ID_HEADER, REQUEST_TIMEOUT_HEADER } from '../../platform/requestScope.js';
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';
import type { GatewayContext } from './context.js';

/** Registered once per gateway; every data source observes into it. */
export function subgraphFetchHistogram(registry: Registry) {
  return new Histogram({
    name: 'gateway_subgraph_fetch_duration_seconds',
    help: 'Time the gateway waited for a subgraph, by subgraph and outcome (success, error: GraphQL errors, failed: no usable answer)',
    labelNames: ['subgraph', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
}

type FetchDuration = ReturnType<typeof subgraphFetchHistogram>;
type HttpRequest = NonNullable<GraphQLDataSourceProcessOptions['request']['http']>;
type ResponseContext = Parameters<
  NonNullable<RemoteGraphQLDataSource<Partial<GatewayContext>>['didReceiveResponse']>
>[0];

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  fetcher: RemoteGraphQLDataSource['fetcher'];
  subgraphSecret: string;
  /** How long the gateway waits for each fetch: told to the subgraph, which starts nothing it could not finish by then. */
  timeoutMs: number;
  fetchDuration: FetchDuration;
}

/**
 * How the gateway talks to one subgraph: it proves itself with the subgraph
 * secret, passes on the request id and the client's authorization, and times
 * each fetch. The `http` object of a request is the one thing shared by every
 * hook of one fetch, so the start time is kept against it.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<Partial<GatewayContext>> {
  private readonly started = new WeakMap<HttpRequest, (labels: { outcome: string }) => void>();
  private readonly subgraph: string;
  private readonly secret: string;
  private readonly fetchDuration: FetchDuration;
  private readonly timeout: string;

  constructor({ name, url, fetcher, subgraphSecret, timeoutMs, fetchDuration }: SubgraphDataSourceOptions) {
    super({ url, fetcher });
    this.subgraph = name;
    this.secret = subgraphSecret;
    this.timeout = String(timeoutMs);
    this.fetchDuration = fetchDuration;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>): void {
    const http = request.http!;
    http.headers.set(SUBGRAPH_SECRET_HEADER, this.secret);
    http.headers.set(REQUEST_TIMEOUT_HEADER, this.timeout);
    // Health checks and schema loads carry a context of `any`; only an incoming operation carries ours.
    const scope: Partial<GatewayContext> = context;
    if (scope.requestId) http.headers.set(REQUEST_ID_HEADER, scope.requestId);
    if (scope.authorization) http.headers.set('authorization', scope.authorization);
    const end = this.fetchDuration.startTimer({ subgraph: this.subgraph });
    this.started.set(http, end);
  }

  override didReceiveResponse({ request, response }: ResponseContext) {
    this.finish(request.http, response.errors?.length ? 'error' : 'success');
    return response;
  }

  override didEncounterError(
    error: Error,
    fetchRequest: Parameters<RemoteGraphQLDataSource['didEncounterError']>[1],
    fetchResponse?: Parameters<RemoteGraphQLDataSource['didEncounterError']>[2],
    context?: Partial<GatewayContext>,
    request?: Parameters<RemoteGraphQLDataSource['didEncounterError']>[4],
  ): void {
    this.finish(request?.http, 'failed');
    super.didEncounterError(error, fetchRequest, fetchResponse, context, request);
  }

  private finish(http: HttpRequest | undefined, outcome: 'success' | 'error' | 'failed'): void {
    const end = http && this.started.get(http);
    if (!end) return;
    this.started.delete(http);
    end({ outcome });
  }
}
