import { Pool } from 'undici';
import { ErrorCode, domainError } from '../../../../platform/errors.js';
import type { Logger } from '../../../../platform/logger.js';

export interface ChillybinClientOptions {
  /** chillybin's own GraphQL URL: jafflr calls it directly, not through the gateway. */
  url: string;
  timeoutMs: number;
  logger: Logger;
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
 * connections, each call bounded by a timeout.
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
  async pick(name: string, quantity: number): Promise<void> {
    await this.execute(PICK, { name, quantity }, { action: 'pick', subject: name, ingredient: name });
  }

  async putBack(name: string, quantity: number): Promise<void> {
    await this.execute(PUT_BACK, { name, quantity }, { action: 'put back', subject: name, ingredient: name });
  }

  /** The v2 way: every item or none in one call, recorded by chillybin under `orderId`. */
  async pickIngredients({ orderId, items, customer }: PickOrder): Promise<void> {
    await this.execute(PICK_INGREDIENTS, { input: { orderId, items, customer } }, { action: 'pick', subject: `order ${orderId}` });
  }

  /** Puts an order's items back; safe to repeat, and safe for an order chillybin never saw. */
  async cancelOrder(orderId: string): Promise<void> {
    await this.execute(CANCEL_ORDER, { id: orderId }, { action: 'cancel', subject: `order ${orderId}` });
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async execute(query: string, variables: Record<string, unknown>, { action, subject, ingredient }: Call) {
    const named = ingredient ? { ingredient } : {};
    let response: GraphQLResponse<unknown>;
    try {
      const { statusCode, body } = await this.pool.request({
        path: this.path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await body.text();
      if (statusCode >= 500) throw new Error(`chillybin answered HTTP ${statusCode}`);
      response = JSON.parse(text) as GraphQLResponse<unknown>;
    } catch (err) {
      this.options.logger.warn({ err, subject, action }, 'chillybin could not be reached');
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
    this.options.logger.error({ error, subject, action }, 'chillybin failed');
    throw domainError(ErrorCode.CHILLYBIN_UNAVAILABLE, `Could not ${action} ${subject}: the chilly bin failed`, named);
  }
}
