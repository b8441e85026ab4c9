export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> & { code?: string } }[];
}

/** A plain HTTP GraphQL client, as a frontend would send. */
export class GraphQLClient {
  constructor(
    readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** `signal` closes the connection when it aborts, as a client that goes away does. */
  async request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    { signal }: { signal?: AbortSignal } = {},
  ): Promise<GraphQLResult<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.headers },
      body: JSON.stringify({ query, variables }),
      signal,
    });
    return (await response.json()) as GraphQLResult<T>;
  }

  /** For steps that must succeed: returns data, or fails with the errors. */
  async data<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    }
    return result.data;
  }
}
