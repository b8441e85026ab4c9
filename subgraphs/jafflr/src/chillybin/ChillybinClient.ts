import { Pool } from 'undici';
import { ErrorCode, domainError } from '../../../../platform/errors.js';
import { REQUEST_ID_HEADER, type RequestScope } from '../../../../platform/requestScope.js';
import { SUBGRAPH_SECRET_HEADER } from '../../../../platform/secrets.js';

export interface ChillybinClientOptions {
  /** chillybin's own GraphQL URL: jafflr calls it directly, not through the gateway. */
  url: string;
  timeoutMs: number;
  /** chillybin refuses GraphQL requests without it. */
  subgraphSecret: string;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; ingredient?: string } }[];
}

export interface OrderItem {
  name: string;
  quantity: number;
}

export interface PickOrder {
  /** Chosen by jafflr before calling, so a repeated call cannot take stock twice. */
  orderId: string;
  items: OrderItem[];
  customer: string | null;
}

/** chillybin's codes that mean "this ingredient cannot be had", which the client sees as they are. */
const passedThrough = new Set<string>([ErrorCode.OUT_OF_STOCK, ErrorCode.NOT_FOUND, ErrorCode.BAD_USER_INPUT]);

const PICK = /* GraphQL */ `
  mutation Pick($name: String!, $quantity: Int!) { pick(name: $name, quantity: $quantity) { quantity } }
`;
const PUT_BACK = /* GraphQL */ `
  mutation PutBack($name: String!, $quantity: Int!) { putBack(name: $name, quantity: $quantity) { quantity } }
`;

/** What a call is about, for its error messages and logs. */
interface Call {
  action: string;
  /** An ingredient or an order. */
  subject: string;
  /** Set when the call is about one ingredient, so its errors name it. */
  ingredient?: string;
}

const PICK_INGREDIENTS = /* GraphQL */ `
  mutation PickIngredients($input: PickIngredientsInput!) { pickIngredients(input: $input) { id status } }
`;
const CANCEL_ORDER = /* GraphQL */ `
  mutation CancelOrder($id: ID!) { cancelOrder(id: $id) { id status } }
`;

/**
 * Service-to-service calls to chillybin over one pool of kept-alive
 * connections, each call bounded by a timeout. Each call is made for a
 * request: its id goes to chillybin, and its logger tags jafflr's lines.
 */
export class ChillybinClient {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(private readonly options: ChillybinClientOptions) {
    const url = new URL(options.url);
    this.path = url.pathname + url.search;
    this.pool = new Pool(url.origin, {
      connections: 32,
      keepAliveTimeout: 30_000,
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** The v1 way: one ingredient per call (chillybin's deprecated `pick`). */
  async pick(name: string, quantity: number, scope: RequestScope): Promise<void> {
    await this.execute(PICK, { name, quantity }, { action: 'pick', subject: name, ingredient: name }, scope);
  }

  async putBack(name: string, quantity: number, scope: RequestScope): Promise<void> {
    await this.execute(PUT_BACK, { name, quantity }, { action: 'put back', subject: name, ingredient: name }, scope);
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
    return this.pool.close();
  }

  private async execute(
    query: string,
    variables: Record<string, unknown>,
    { action, subject, ingredient }: Call,
    { requestId, logger }: RequestScope,
  ) {
    const named = ingredient ? { ingredient } : {};
    let response: GraphQLResponse<unknown>;
    try {
      const { statusCode, body } = await this.pool.request({
        path: this.path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SUBGRAPH_SECRET_HEADER]: this.options.subgraphSecret,
          [REQUEST_ID_HEADER]: requestId,
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await body.text();
      if (statusCode >= 500) throw new Error(`chillybin answered HTTP ${statusCode}`);
      response = JSON.parse(text) as GraphQLResponse<unknown>;
    } catch (err) {
      logger.warn({ err, subject, action }, 'chillybin could not be reached');
      throw domainError(ErrorCode.CHILLYBIN_UNAVAILABLE, `Could not ${action} ${subject}: the chilly bin is not answering`, named);
    }

    const error = response.errors?.[0];
    if (!error) return;
    const code = error.extensions?.code;
    if (code && passedThrough.has(code)) {
      // pickIngredients names the ingredient that could not be had; pass that on.
      const reported = error.extensions?.ingredient;
      throw domainError(code as ErrorCode, error.message, typeof reported === 'string' ? { ingredient: reported } : named);
    }
    logger.error({ error, subject, action }, 'chillybin failed');
    throw domainError(ErrorCode.CHILLYBIN_UNAVAILABLE, `Could not ${action} ${subject}: the chilly bin failed`, named);
  }
}
