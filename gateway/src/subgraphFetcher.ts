import { GraphQLError } from 'graphql';
import { ErrorCode, domainError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { CallerGoneError, REQUEST_TIMEOUT_HEADER } from '../../platform/requestScope.js';
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';
import { Endpoints, callFailure, type CallFailure, type PostOptions } from '../../platform/upstream.js';
import type { SubgraphAnswer, SubgraphCall } from './subgraphCall.js';

export interface SubgraphFetcherOptions {
  /** The subgraph's name, for errors and logs. */
  name: string;
  /** One or more instances of the subgraph, used in turn. */
  urls: readonly string[];
  /** Bounds each call, retry included; told to the subgraph, which starts nothing it could not finish by then. */
  timeoutMs: number;
  /** Proves to the subgraph that the call comes from the gateway. */
  subgraphSecret: string;
  logger: Logger;
}

/**
 * The gateway's HTTP client for one subgraph: pooled keep-alive connections
 * to each of its instances, taken in turn, and one deadline per call.
 *
 * Failover is `Endpoints.send`'s: a call that could not connect goes to
 * another instance, mutation or not; a read whose connection broke before
 * the answer is sent once more too, since reading twice is harmless.
 */
export class SubgraphFetcher {
  private readonly endpoints: Endpoints;
  /** The headers every call carries, built once. */
  private readonly fixedHeaders: Record<string, string>;
  /** How a read and a write are posted, built once: a lost read is sent again, a lost write never. */
  private readonly readOptions: PostOptions;
  private readonly writeOptions: PostOptions;

  constructor(private readonly options: SubgraphFetcherOptions) {
    this.endpoints = new Endpoints(options.urls, { connectTimeoutMs: options.timeoutMs });
    this.fixedHeaders = {
      'content-type': 'application/json',
      [SUBGRAPH_SECRET_HEADER]: options.subgraphSecret,
      [REQUEST_TIMEOUT_HEADER]: String(options.timeoutMs),
    };
    const { name, timeoutMs, logger } = options;
    const onFailure: PostOptions['onFailure'] = (err, { endpoint, again }) => {
      if (again) logger.debug({ err, subgraph: name, url: endpoint.url }, 'retrying on another instance');
    };
    this.readOptions = { timeoutMs, resendLost: true, onFailure };
    this.writeOptions = { timeoutMs, resendLost: false, onFailure };
  }

  readonly send = async ({ body, headers, readsOnly, callerGone }: SubgraphCall): Promise<SubgraphAnswer> => {
    try {
      return await this.endpoints.post(
        { body, headers: { ...this.fixedHeaders, ...headers } },
        readsOnly ? this.readOptions : this.writeOptions,
        callerGone,
      );
    } catch (err) {
      throw err instanceof CallerGoneError ? this.givenUp(err) : this.unavailable(err, callFailure(err));
    }
  };

  get urls(): readonly string[] {
    return this.options.urls;
  }

  close(): Promise<void> {
    return this.endpoints.close();
  }

  /** A write given up because its client went away: nobody reads the error, and the subgraph is not at fault. */
  private givenUp(err: CallerGoneError): GraphQLError {
    const { name, logger } = this.options;
    logger.debug({ subgraph: name }, 'subgraph call given up: the client went away');
    return domainError(ErrorCode.DEADLINE_EXCEEDED, err.message, { serviceName: name, reason: 'caller gone' });
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
