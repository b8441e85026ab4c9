import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { Endpoints, callFailure, withDeadline, type CallFailure, type Endpoint } from '../../platform/upstream.js';
import { isQueryRequest } from './isQueryRequest.js';
import { SubgraphResponse, type Fetcher, type FetcherRequestInit, type FetcherResponse } from './subgraphResponse.js';

export interface SubgraphFetcherOptions {
  /** The subgraph's name, for errors and logs. */
  name: string;
  /** One or more instances of the subgraph, used in turn. */
  urls: readonly string[];
  /** Bounds each call, retry included. */
  timeoutMs: number;
  logger: Logger;
}

/**
 * The gateway's HTTP client for one subgraph: pooled keep-alive connections
 * to each of its instances, taken in turn, and one deadline per call.
 *
 * Failover is `Endpoints.send`'s: a call that could not connect goes to
 * another instance, mutation or not; a query whose connection broke before
 * the answer is sent once more too, since reading twice is harmless.
 */
export class SubgraphFetcher {
  private readonly endpoints: Endpoints;

  constructor(private readonly options: SubgraphFetcherOptions) {
    this.endpoints = new Endpoints(options.urls, { connectTimeoutMs: options.timeoutMs });
  }

  /** For `RemoteGraphQLDataSource`: the URL it passes is ignored, the instances are ours to choose. */
  readonly fetch = ((_url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> =>
    withDeadline(this.options.timeoutMs, (signal) => this.call(init, signal))) as Fetcher;

  private async call(init: FetcherRequestInit, signal: AbortSignal): Promise<FetcherResponse> {
    const { name, logger } = this.options;
    try {
      return await this.endpoints.send((endpoint) => this.post(endpoint, init, signal), {
        resendLost: isQueryRequest(init.body),
        onFailure: (err, { endpoint, again }) => {
          if (again) logger.debug({ err, subgraph: name, url: endpoint.url }, 'retrying on another instance');
        },
      });
    } catch (err) {
      throw this.unavailable(err, callFailure(err));
    }
  }

  get urls(): readonly string[] {
    return this.options.urls;
  }

  close(): Promise<void> {
    return this.endpoints.close();
  }

  private async post(endpoint: Endpoint, init: FetcherRequestInit, signal: AbortSignal): Promise<FetcherResponse> {
    const { statusCode, headers, body } = await endpoint.pool.request({
      path: endpoint.path,
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal,
    });
    const text = await body.text();
    return new SubgraphResponse(endpoint.url, statusCode, headers, text);
  }

  private unavailable(err: unknown, failure: CallFailure | undefined): GraphQLError {
    const { name, timeoutMs, logger } = this.options;
    logger.warn({ err, subgraph: name, failure }, 'subgraph call failed');
    const message =
      failure === 'timeout'
        ? `The ${name} service did not answer within ${timeoutMs} ms`
        : `The ${name} service is not answering`;
    return new GraphQLError(message, { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: name } });
  }
}
