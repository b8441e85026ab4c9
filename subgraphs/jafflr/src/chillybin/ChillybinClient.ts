import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../../platform/errors.js';
import type { Logger } from '../../../../platform/logger.js';
import { Endpoints, callFailure, type CallFailure } from '../../../../platform/upstream.js';

export interface ChillybinClientOptions {
  /** chillybin's own GraphQL URLs, one per instance: jafflr calls it directly, not through the gateway. */
  urls: readonly string[];
  timeoutMs: number;
  logger: Logger;
}

/**
 * Whether a failed call changed the stock: `none` when chillybin refused it
 * (OUT_OF_STOCK, say) or never saw it; `unknown` when no answer came (the
 * connection broke, the time ran out) or chillybin itself failed (its database
 * went away mid-write), so it may or may not have been done. With per-item
 * calls there is no way to ask which.
 */
export type CallEffect = 'none' | 'unknown';

/** A failed call to chillybin, as the client reports it, and what it did to the stock. */
export class ChillybinCallError extends GraphQLError {
  constructor(
    code: ErrorCode,
    message: string,
    ingredient: string,
    readonly effect: CallEffect,
  ) {
    super(message, { extensions: { code, ingredient } });
  }
}

export function effectOf(err: unknown): CallEffect {
  return err instanceof ChillybinCallError ? err.effect : 'none';
}

const effectOfFailure: Record<CallFailure, CallEffect> = { 'not-sent': 'none', timeout: 'unknown', lost: 'unknown' };

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** chillybin's codes that mean "this ingredient cannot be had", which the client sees as they are. */
const passedThrough = new Set<string>([ErrorCode.OUT_OF_STOCK, ErrorCode.NOT_FOUND, ErrorCode.BAD_USER_INPUT]);

const PICK = /* GraphQL */ `
  mutation Pick($name: String!, $quantity: Int!) { pick(name: $name, quantity: $quantity) { quantity } }
`;
const PUT_BACK = /* GraphQL */ `
  mutation PutBack($name: String!, $quantity: Int!) { putBack(name: $name, quantity: $quantity) { quantity } }
`;

/**
 * Service-to-service calls to chillybin over pools of kept-alive connections,
 * one per instance, each call bounded by a timeout. A call that could not
 * connect never reached chillybin, so it goes to the next instance; any other
 * failure is final, since a pick must never be done twice.
 */
export class ChillybinClient {
  private readonly endpoints: Endpoints;

  constructor(private readonly options: ChillybinClientOptions) {
    // Connecting gets half the time, so a refused or unreachable instance is told apart from a slow one.
    this.endpoints = new Endpoints(options.urls, { connectTimeoutMs: Math.ceil(options.timeoutMs / 2), connections: 32 });
  }

  async pick(name: string, quantity: number): Promise<void> {
    await this.execute(PICK, { name, quantity }, name, 'pick');
  }

  async putBack(name: string, quantity: number): Promise<void> {
    await this.execute(PUT_BACK, { name, quantity }, name, 'put back');
  }

  close(): Promise<void> {
    return this.endpoints.close();
  }

  private async execute(query: string, variables: Record<string, unknown>, ingredient: string, action: string) {
    let response: GraphQLResponse<unknown> | undefined;
    const body = JSON.stringify({ query, variables });
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let failure: CallFailure | undefined;
    let endpoint = this.endpoints.next();
    for (let tried = 1; response === undefined; tried++) {
      try {
        const answer = await endpoint.pool.request({
          path: endpoint.path,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal,
        });
        const text = await answer.body.text();
        if (answer.statusCode >= 500) throw new Error(`chillybin answered HTTP ${answer.statusCode}`);
        response = JSON.parse(text) as GraphQLResponse<unknown>;
        this.endpoints.answered(endpoint);
      } catch (err) {
        failure = callFailure(err);
        this.options.logger.warn({ err, ingredient, action, url: endpoint.url, failure }, 'chillybin could not be reached');
        if (failure !== 'not-sent' || tried >= this.endpoints.all.length) {
          throw new ChillybinCallError(
            ErrorCode.CHILLYBIN_UNAVAILABLE,
            `Could not ${action} ${ingredient}: the chilly bin is not answering`,
            ingredient,
            failure ? effectOfFailure[failure] : 'unknown',
          );
        }
        this.endpoints.refused(endpoint);
        endpoint = this.endpoints.next(endpoint);
      }
    }

    const error = response.errors?.[0];
    if (!error) return;
    const code = error.extensions?.code;
    if (code && passedThrough.has(code)) {
      throw new ChillybinCallError(code as ErrorCode, error.message, ingredient, 'none');
    }
    this.options.logger.error({ error, ingredient, action }, 'chillybin failed');
    // chillybin's own failure (its database, say) may come after its write was done.
    throw new ChillybinCallError(
      ErrorCode.CHILLYBIN_UNAVAILABLE,
      `Could not ${action} ${ingredient}: the chilly bin failed`,
      ingredient,
      'unknown',
    );
  }
}
