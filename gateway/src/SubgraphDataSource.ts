import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { STATUS_CODES } from 'node:http';
import { Histogram, type Registry } from 'prom-client';
import { DURATION_BUCKETS } from '../../platform/operationObserver.js';
import { REQUEST_ID_HEADER } from '../../platform/requestScope.js';
import type { GatewayContext } from './context.js';
import { distinctRepresentations } from './distinctRepresentations.js';
import { readsOnly, type SendToSubgraph, type SubgraphAnswer } from './subgraphCall.js';

/** Registered once per gateway; every data source observes into it. */
export function subgraphFetchHistogram(registry: Registry) {
  return new Histogram({
    name: 'gateway_subgraph_fetch_duration_seconds',
    help: 'Time the gateway waited for a subgraph, by subgraph and outcome (success, error: GraphQL errors, failed: no usable answer, abandoned: a write given up when its client went away)',
    labelNames: ['subgraph', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
}

type FetchDuration = ReturnType<typeof subgraphFetchHistogram>;
export type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface SubgraphDataSourceOptions {
  name: string;
  send: SendToSubgraph;
  fetchDuration: FetchDuration;
}

/** What one fetch asks the subgraph. */
export interface SubgraphRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

/**
 * How the query plan's fetches reach one subgraph: the request as JSON, with
 * the request id and the client's authorization passed on, handed to the
 * subgraph's client, and timed. Apollo's RemoteGraphQLDataSource does the
 * same through WHATWG Request and Headers objects built for every fetch;
 * this builds one string and one small header object, and takes whether the
 * fetch only reads from the plan's own parsed document. An entity fetch sends
 * each distinct representation once (distinctRepresentations.ts).
 */
export class SubgraphDataSource implements GraphQLDataSource<Partial<GatewayContext>> {
  constructor(private readonly options: SubgraphDataSourceOptions) {}

  async process(options: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>): Promise<SubgraphResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    // Health checks and schema loads carry a context of `any`; only an incoming operation carries ours.
    const scope: Partial<GatewayContext> = options.context;
    // Fetched already by the plan shortcut (planShortcut.ts), which handed the rest of the request to the plan.
    const primed = scope.primedFetches?.findIndex(({ subgraph }) => subgraph === this.options.name) ?? -1;
    if (primed >= 0) return scope.primedFetches!.splice(primed, 1)[0]!.response;
    const document = 'document' in options ? options.document : undefined;
    const { query, variables, operationName, extensions } = request;
    return this.send({ query, variables, operationName, extensions }, scope, readsOnly(query, document), request.http);
  }

  /** One fetch, with each distinct representation of an entity fetch sent once. */
  send(
    request: SubgraphRequest,
    scope: Partial<GatewayContext>,
    readsOnly: boolean,
    http?: { headers: Iterable<[string, string]> },
  ): Promise<SubgraphResponse> {
    const distinct = distinctRepresentations(request.variables);
    if (!distinct) return this.fetch(request, scope, readsOnly, http);
    return this.fetch({ ...request, variables: distinct.variables }, scope, readsOnly, http).then((response) =>
      distinct.expand(response),
    );
  }

  /** One fetch, timed: the subgraph's GraphQL response, or the error Apollo's own data source would throw. */
  async fetch(
    request: SubgraphRequest,
    scope: Partial<GatewayContext>,
    readsOnly: boolean,
    http?: { headers: Iterable<[string, string]> },
  ): Promise<SubgraphResponse> {
    const headers: Record<string, string> = {};
    // Set by the gateway only when it asks for federated traces (Apollo usage reporting).
    if (http) for (const [name, value] of http.headers) headers[name.toLowerCase()] = value;
    if (scope.requestId) headers[REQUEST_ID_HEADER] = scope.requestId;
    if (scope.authorization) headers.authorization = scope.authorization;
    const body = JSON.stringify(request);

    const end = this.options.fetchDuration.startTimer({ subgraph: this.options.name });
    let response: SubgraphResponse;
    const callerGone = readsOnly ? undefined : scope.callerGone;
    try {
      response = responseOf(await this.options.send({ body, headers, readsOnly, callerGone }));
    } catch (err) {
      end({ outcome: callerGone?.gone ? 'abandoned' : 'failed' });
      throw err;
    }
    end({ outcome: response.errors?.length ? 'error' : 'success' });
    return response;
  }
}

/** The GraphQL response in an answer, or the error Apollo's own data source throws for one that has none. */
function responseOf(answer: SubgraphAnswer): SubgraphResponse {
  const json = /^application\/(graphql-response\+)?json/i.test(answer.contentType ?? '');
  const body: unknown = json ? JSON.parse(answer.body) : answer.body;
  if (answer.status < 200 || answer.status > 299) {
    const statusText = STATUS_CODES[answer.status] ?? '';
    const code = answer.status === 401 ? 'UNAUTHENTICATED' : answer.status === 403 ? 'FORBIDDEN' : undefined;
    throw new GraphQLError(`${answer.status}: ${statusText}`, {
      extensions: {
        response: { url: answer.url, status: answer.status, statusText, body },
        ...(code ? { code } : {}),
      },
    });
  }
  if (typeof body !== 'object' || body === null) {
    throw new Error(`Expected JSON response body, but received: ${String(body)}`);
  }
  return body;
}
