import { Agent, request } from 'undici';

// A prototype, for the benchmark only: the gateway's subgraph fetch on undici's
// request API over kept-alive pools, instead of the WHATWG fetch (Request,
// Headers, web streams per call). gateway/src/subgraphFetcher.ts is where the
// real one belongs; this measures what such a fetcher is worth.

const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000, pipelining: 1 });

type Init = { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal };

/** Enough of a fetch Response for RemoteGraphQLDataSource and the readiness check. */
export async function poolFetch(url: string, init: Init = {}) {
  const response = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers,
    body: init.body,
    signal: init.signal,
    dispatcher: agent,
  });
  const text = await response.body.text();
  const { statusCode, headers } = response;
  return {
    ok: statusCode >= 200 && statusCode < 300,
    status: statusCode,
    statusText: '',
    url,
    headers: {
      get(name: string): string | null {
        const value = headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : (value ?? null);
      },
      forEach(callback: (value: string, name: string) => void): void {
        for (const [name, value] of Object.entries(headers)) {
          if (value !== undefined) callback(Array.isArray(value) ? value.join(', ') : value, name);
        }
      },
    },
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
    arrayBuffer: async () => new TextEncoder().encode(text).buffer,
  };
}
