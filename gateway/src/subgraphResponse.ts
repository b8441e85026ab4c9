import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';

/** The fetch the gateway's data source calls, and what it returns. */
export type Fetcher = RemoteGraphQLDataSource['fetcher'];
export type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
export type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherHeaders = FetcherResponse['headers'];

/** Header fields by lower-case name, as undici gives them. */
export type ResponseHeaderFields = IncomingHttpHeaders;

/**
 * A subgraph's response, read whole, in the shape the gateway's data source
 * expects of `fetch`: plain fields over the body text and undici's header
 * object, none of the streams a WHATWG Response would build.
 */
export class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly bodyUsed = false;
  readonly headers: FetcherHeaders;

  constructor(
    readonly url: string,
    readonly status: number,
    headers: ResponseHeaderFields,
    private readonly body: string,
  ) {
    this.headers = new ResponseHeaders(headers);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.body).buffer;
  }

  clone(): FetcherResponse {
    return this;
  }
}

/** Response headers over undici's plain object (lower-case names), without copying them. */
class ResponseHeaders implements FetcherHeaders {
  constructor(private readonly raw: ResponseHeaderFields) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  set(name: string, value: string): void {
    this.raw[name.toLowerCase()] = value;
  }

  append(name: string, value: string): void {
    const existing = this.get(name);
    this.set(name, existing === null ? value : `${existing}, ${value}`);
  }

  delete(name: string): void {
    delete this.raw[name.toLowerCase()];
  }

  forEach(callback: (value: string, name: string, parent: FetcherHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
