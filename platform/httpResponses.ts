import type { ServerResponse } from 'node:http';

// Whole responses written straight to node:http, for the routes that answer
// without Apollo: health, readiness, the kiosk's files, refused requests.

/** Answers with plain text: the body of 404s, 405s and 500s outside GraphQL. */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(text);
}

/** A GraphQL-over-HTTP error response, for requests refused before they reach Apollo. */
export function sendGraphQLError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  sendJson(res, status, { errors: [{ message, extensions: { ...extensions, code } }] });
}

/** Answers with a JSON value: /health, /ready, /usage. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(value));
}
