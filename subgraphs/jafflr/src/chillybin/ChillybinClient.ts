import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../../platform/errors.js';
import { REQUEST_ID_HEADER, REQUEST_TIMEOUT_HEADER, type RequestScope } from '../../../../platform/requestScope.js';
import { SUBGRAPH_SECRET_HEADER } from '../../../../platform/secrets.js';
import { Endpoints, callFailure, type CallFailure, type Post } from '../../../../platform/upstream.js';
import { graphql } from './generated/gql.js';
import type { TypedDocumentString } from './generated/graphql.js';

export interface ChillybinClientOptions {
  /** chillybin's own GraphQL URLs, one per instance: jafflr calls it directly, not through the gateway. */
  urls: readonly string[];
  timeoutMs: number;
  /** chillybin refuses GraphQL requests without it. */
  subgraphSecret: string;
}

/**
 * Whether a failed call changed the stock: `none` when chillybin refused it
 * (OUT_OF_STOCK, say) or never saw it; `unknown` when no answer came (the
 * connection broke, the time ran out) or chillybin itself failed (its database
 * went away mid-write), so it may or may not have been done. With per-item
 * calls there is no way to ask which; an order can be cancelled either way.
 */
export type CallEffect = 'none' | 'unknown';

/** A failed call to chillybin, as the client reports it, and what it did to the stock. */
export class ChillybinCallError extends GraphQLError {
  constructor(
    code: ErrorCode,
    message: string,
    extensions: { ingredient?: string },
    readonly effect: CallEffect,
  ) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export function effectOf(err: unknown): CallEffect {
  return err instanceof ChillybinCallError ? err.effect : 'none';
}

const effectOfFailure: Record<CallFailure, CallEffect> = { 'not-sent': 'none', timeout: 'unknown', lost: 'unknown' };

/** chillybin's answer; only its errors are read: the types of its data come from the operations themselves. */
interface GraphQLResponse {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; ingredient?: string } }[];
}

export interface OrderItem {
  name: string;
  quantity: number;
}

export interface KeyedPick extends OrderItem {
  /** Chosen by jafflr before calling: chillybin records the pick under it, so it can be undone exactly. */
  key: string;
}

export interface PickOrder {
  /** Chosen by jafflr before calling, so a repeated call cannot take stock twice. */
  orderId: string;
  items: OrderItem[];
  customer: string | null;
}

/**
 * chillybin's codes that mean "this ingredient cannot be had" (or not now: chillybin too busy to start the
 * pick), which the client sees as they are. Each is answered before anything is taken.
 */
const passedThrough = new Set<string>([
  ErrorCode.OUT_OF_STOCK,
  ErrorCode.NOT_FOUND,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.DEADLINE_EXCEEDED,
  ErrorCode.OVERLOADED,
]);

const PICK = graphql(`
  mutation Pick($name: String!, $quantity: Int!, $key: ID) { pick(name: $name, quantity: $quantity, key: $key) { quantity } }
`);
const PUT_BACK = graphql(`
  mutation PutBack($name: String!, $quantity: Int!, $key: ID) { putBack(name: $name, quantity: $quantity, key: $key) { quantity } }
`);
const PICK_INGREDIENTS = graphql(`
  mutation PickIngredients($input: PickIngredientsInput!) { pickIngredients(input: $input) { id status } }
`);
const CANCEL_ORDER = graphql(`
  mutation CancelOrder($id: ID!) { cancelOrder(id: $id) { id status } }
`);

/** What a call is about, for its error messages and logs. */
interface Call {
  action: string;
  /** An ingredient or an order. */
  subject: string;
  /** Set when the call is about one ingredient, so its errors name it. */
  ingredient?: string;
}

/**
 * Service-to-service calls to chillybin over pools of kept-alive connections,
 * one per instance, each call bounded by a timeout. A call that could not
 * connect never reached chillybin, so it goes to the next instance
 * (`Endpoints.send`); any other failure is final here, since a pick must never
 * be done twice unasked. Each
 * call is made for a request: its id goes to chillybin, and its logger tags
 * jafflr's lines.
 */
export class ChillybinClient {
  private readonly endpoints: Endpoints;

  constructor(private readonly options: ChillybinClientOptions) {
    // Connecting gets half the time, so a refused or unreachable instance is told apart from a slow one.
    this.endpoints = new Endpoints(options.urls, {
      connectTimeoutMs: Math.ceil(options.timeoutMs / 2),
      connections: 32,
    });
  }

  /** The v1 way: one ingredient per call (chillybin's deprecated `pick`), under a key that makes undoing it exact. */
  async pick({ name, quantity, key }: KeyedPick, scope: RequestScope): Promise<void> {
    await this.execute(PICK, { name, quantity, key }, { action: 'pick', subject: name, ingredient: name }, scope);
  }

  /** Undoes the keyed pick: safe to repeat, and safe for a pick chillybin never saw. */
  async putBack({ name, quantity, key }: KeyedPick, scope: RequestScope): Promise<void> {
    await this.execute(
      PUT_BACK,
      { name, quantity, key },
      { action: 'put back', subject: name, ingredient: name },
      scope,
    );
  }

  /** The v2 way: every item or none in one call, recorded by chillybin under `orderId`. */
  async pickIngredients({ orderId, items, customer }: PickOrder, scope: RequestScope): Promise<void> {
    await this.execute(
      PICK_INGREDIENTS,
      { input: { orderId, items, customer } },
      { action: 'pick', subject: `order ${orderId}` },
      scope,
    );
  }

  /** Puts an order's items back; safe to repeat, and safe for an order chillybin never saw. */
  async cancelOrder(orderId: string, scope: RequestScope): Promise<void> {
    await this.execute(CANCEL_ORDER, { id: orderId }, { action: 'cancel', subject: `order ${orderId}` }, scope);
  }

  close(): Promise<void> {
    return this.endpoints.close();
  }

  private async execute<TVariables>(
    query: TypedDocumentString<unknown, TVariables>,
    variables: NoInfer<TVariables>,
    { action, subject, ingredient }: Call,
    { requestId, logger, deadline }: RequestScope,
  ) {
    const named = ingredient ? { ingredient } : {};
    // The sooner of our own bound and the caller's: chillybin takes nothing after it.
    const timeoutMs = Math.max(0, Math.min(this.options.timeoutMs, (deadline ?? Infinity) - Date.now()));
    if (timeoutMs === 0) {
      throw new ChillybinCallError(
        ErrorCode.DEADLINE_EXCEEDED,
        `Could not ${action} ${subject}: no time is left`,
        named,
        'none',
      );
    }
    const body = JSON.stringify({ query: query.toString(), variables });
    const headers = {
      'content-type': 'application/json',
      [SUBGRAPH_SECRET_HEADER]: this.options.subgraphSecret,
      [REQUEST_ID_HEADER]: requestId,
      [REQUEST_TIMEOUT_HEADER]: String(timeoutMs),
    };
    const response = await this.send({ body, headers }, timeoutMs, { action, subject, named }, logger);

    const error = response.errors?.[0];
    if (!error) return;
    const code = error.extensions?.code;
    if (code && passedThrough.has(code)) {
      // pickIngredients names the ingredient that could not be had; pass that on.
      const reported = error.extensions?.ingredient;
      throw new ChillybinCallError(
        code as ErrorCode,
        error.message,
        typeof reported === 'string' ? { ingredient: reported } : named,
        'none',
      );
    }
    logger.error({ error, subject, action }, 'chillybin failed');
    // chillybin's own failure (its database, say) may come after its write was done.
    throw new ChillybinCallError(
      ErrorCode.CHILLYBIN_UNAVAILABLE,
      `Could not ${action} ${subject}: the chilly bin failed`,
      named,
      'unknown',
    );
  }

  /** Sends to one instance, or to the next when one refuses the connection; the answer, read whole. */
  private async send(
    request: Post,
    timeoutMs: number,
    { action, subject, named }: { action: string; subject: string; named: { ingredient?: string } },
    logger: RequestScope['logger'],
  ): Promise<GraphQLResponse> {
    try {
      const answer = await this.endpoints.post(request, {
        timeoutMs,
        onFailure: (err, { endpoint, failure }) =>
          logger.warn({ err, subject, action, url: endpoint.url, failure }, 'chillybin could not be reached'),
      });
      if (answer.status >= 500) {
        logger.warn({ subject, action, url: answer.url, status: answer.status }, 'chillybin answered with an error');
        throw new Error(`chillybin answered HTTP ${answer.status}`);
      }
      return JSON.parse(answer.body) as GraphQLResponse;
    } catch (err) {
      const failure = callFailure(err);
      throw new ChillybinCallError(
        ErrorCode.CHILLYBIN_UNAVAILABLE,
        `Could not ${action} ${subject}: the chilly bin is not answering`,
        named,
        failure ? effectOfFailure[failure] : 'unknown',
      );
    }
  }
}
