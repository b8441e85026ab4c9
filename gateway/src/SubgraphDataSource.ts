import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { STATUS_CODES } from 'node:http';
import { Histogram, type Registry } from 'prom-client';
import { DURATION_BUCKETS } from '../../platform/operationObserver.js';
import { REQUEST_ID_HEADER } from '../../platform/requestScope.js';
import type { GatewayContext } from './context.js';
import { readsOnly, type SendToSubgraph, type SubgraphAnswer } from './subgraphCall.js';

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
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface SubgraphDataSourceOptions {
  name: string;
  send: SendToSubgraph;
  fetchDuration: FetchDuration;
}

/**
 * How the query plan's fetches reach one subgraph: the request as JSON, with
 * the request id and the client's authorization passed on, handed to the
 * subgraph's client, and timed. Apollo's RemoteGraphQLDataSource does the
 * same through WHATWG Request and Headers objects built for every fetch;
 * this builds one string and one small header object, and takes whether the
 * fetch only reads from the plan's own parsed document.
 */
export class SubgraphDataSource implements GraphQLDataSource<Partial<GatewayContext>> {
  constructor(private readonly options: SubgraphDataSourceOptions) {}

  async process(options: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = {};
    // Set by the gateway only when it asks for federated traces (Apollo usage reporting).
    if (request.http) for (const [name, value] of request.http.headers) headers[name.toLowerCase()] = value;
    // Health checks and schema loads carry a context of `any`; only an incoming operation carries ours.
    const scope: Partial<GatewayContext> = options.context;
    if (scope.requestId) headers[REQUEST_ID_HEADER] = scope.requestId;
    if (scope.authorization) headers.authorization = scope.authorization;
    const { query, variables, operationName, extensions } = request;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    const document = 'document' in options ? options.document : undefined;

    const end = this.options.fetchDuration.startTimer({ subgraph: this.options.name });
    let response: GatewayGraphQLResponse;
    try {
      response = responseOf(await this.options.send({ body, headers, readsOnly: readsOnly(query, document) }));
    } catch (err) {
      end({ outcome: 'failed' });
      throw err;
    }
    end({ outcome: response.errors?.length ? 'error' : 'success' });
    return response;
  }
}

/** The GraphQL response in an answer, or the error Apollo's own data source throws for one that has none. */
function responseOf(answer: SubgraphAnswer): GatewayGraphQLResponse {
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
