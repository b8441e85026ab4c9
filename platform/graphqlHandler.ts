import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { ErrorCode } from './errors.js';
import { sendGraphQLError } from './httpResponses.js';
import { statusFor } from './requestErrorStatus.js';
import type { RequestScope } from './requestScope.js';

export class BodyTooLargeError extends Error {}

/**
 * Reads a request body up to `limit` bytes; past that it stops reading (the
 * request is destroyed) and throws. Events rather than `for await`: an async
 * iterator per request cost more than the rest of this handler.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.destroy();
      reject(new BodyTooLargeError());
    };
    req.on('data', onData);
    req.once('end', () =>
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')),
    );
    req.once('error', reject);
    // A client that goes away mid-body: no 'end' will come.
    req.once('close', () => {
      if (!req.complete) reject(new Error('the request closed before its body was read'));
    });
  });
}

/** A request header's value as Apollo Server is given it: repeated ones joined with ', '. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function isJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'] ?? '';
  return /^application\/(graphql-response\+)?json\b/i.test(type);
}

/**
 * A service's own answer to some POSTed JSON requests, tried before Apollo
 * Server: the gateway's for operations it has run before (learntOperations.ts).
 */
export interface AnswerFirst {
  /** Answers the request and says true, or says false, having written nothing, and Apollo answers it. */
  answer(req: IncomingMessage, res: ServerResponse, body: unknown, scope: RequestScope): Promise<boolean>;
  /** Told the status and headers of each complete answer Apollo gave. */
  apolloAnswered(req: IncomingMessage, status: number, headers: HeaderMap): void;
}

export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: (req: IncomingMessage, scope: RequestScope) => Promise<TContext>;
  maxBodyBytes: number;
  /** Told the code of each request refused here, before Apollo sees it. */
  onRejected?: (code: string) => void;
  answerFirst?: AnswerFirst | undefined;
}

/**
 * The smallest Apollo Server integration for node:http, after the one Apollo
 * documents for integrations: the request goes to `executeHTTPGraphQLRequest`
 * as a HeaderMap and a parsed body, and the response is copied back.
 */
export function createGraphQLHandler<TContext extends BaseContext>({
  apollo,
  context,
  maxBodyBytes,
  onRejected = () => {},
  answerFirst,
}: GraphQLHandlerOptions<TContext>) {
  return async (req: IncomingMessage, res: ServerResponse, search: string, scope: RequestScope): Promise<void> => {
    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, maxBodyBytes);
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          onRejected(ErrorCode.PAYLOAD_TOO_LARGE);
          return sendGraphQLError(
            res,
            413,
            ErrorCode.PAYLOAD_TOO_LARGE,
            `Request body is larger than ${maxBodyBytes} bytes`,
            {
              limit: maxBodyBytes,
            },
          );
        }
        throw err;
      }
      if (isJson(req)) {
        try {
          body = raw === '' ? undefined : JSON.parse(raw);
        } catch {
          onRejected(ErrorCode.BAD_REQUEST);
          return sendGraphQLError(res, 400, ErrorCode.BAD_REQUEST, 'Request body is not valid JSON');
        }
      } else {
        body = raw;
      }
      if (answerFirst && typeof body === 'object' && (await answerFirst.answer(req, res, body, scope))) return;
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      const joined = headerValue(value);
      if (joined !== undefined) headers.set(key, joined);
    }

    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers, search, body },
      context: () => context(req, scope),
    });

    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      const { string } = response.body;
      // Apollo answers request errors with 400 whatever the client accepts; the spec wants 200 for some clients.
      res.statusCode = statusFor(
        { status: res.statusCode, contentType: response.headers.get('content-type'), body: string },
        req.headers.accept,
      );
      answerFirst?.apolloAnswered(req, res.statusCode, response.headers);
      res.end(string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
