import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from 'prom-client';
import { headerValue, type AnswerFirst } from '../../platform/graphqlHandler.js';
import type { OperationObserver } from '../../platform/operationObserver.js';
import type { RequestScope } from '../../platform/requestScope.js';
import type { GatewayContext } from './context.js';
import type { PersistedAdmission } from './persistedOperations/persistedOperationsPlugin.js';
import { SUPERGRAPH_VERSION_HEADER } from './registry/supergraphVersionHeader.js';
import { coercedVariables, type PlanShortcut } from './planShortcut.js';
import type { ShortPlan } from './plannedFetch.js';
import type { HeaderReader, OperationRun } from './usage/usagePlugin.js';

/** An operation Apollo Server has run and answered without an error, as it resolved it. */
interface Learnt {
  /** The shortcut's plan for it, found when it was learnt: it holds until the supergraph changes, and all with it. */
  plan: ShortPlan;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The operation's name as Apollo resolved it (the client may have sent none). */
  operationName: string | null;
  queryHash: string;
}

/** A POSTed request in the shape this path takes; anything else goes to Apollo Server. */
interface Asked {
  text: string;
  operationName: string;
  variables: Record<string, unknown> | undefined;
}

export interface LearntOperationsOptions {
  shortcut: PlanShortcut;
  /** Called with each API schema the gateway loads: what Apollo Server runs requests under from then on. */
  onSchema: (listener: (schema: GraphQLSchema) => void) => void;
  /** Whether new requests are still served as usual: false once shutdown has begun. */
  serving: () => boolean;
  /** A manifest's document by its hash, for requests that send only `extensions.persistedQuery`. */
  manifestDocument: (sha256Hash: string) => string | undefined;
  admission: PersistedAdmission;
  recordUsage: (run: OperationRun) => void;
  versionLabel: (schema: GraphQLSchema) => string | undefined;
  observer: OperationObserver;
  contextOf: (req: IncomingMessage, scope: RequestScope) => Promise<GatewayContext>;
  /** Caps the documents' text kept, in characters. */
  maxDocumentChars: number;
  registry: Registry;
}

/** Distinct documents kept, whatever their length (each holds its parse); the least recently used go first. */
const MAX_DOCUMENTS = 1000;
/** Distinct Accept headers whose content type is remembered; clients send a handful. */
const MAX_ACCEPT_HEADERS = 64;
const BODY_KEYS: ReadonlySet<string> = new Set(['query', 'operationName', 'variables', 'extensions']);

/**
 * The gateway's answer, before Apollo Server, to an operation it has already
 * run: the same document, under the same supergraph, whose plan the plan
 * shortcut runs (planShortcut.ts: one fetch of the client's own selection, or
 * a fetch then one entity fetch). For such a request Apollo Server would hash
 * the document, find its parse, call every plugin's hooks and build a request
 * context, only for the shortcut to send the fetches and shape their data.
 *
 * Everything Apollo decided about the document (parsing, validation, operation
 * limits, introspection, which operation runs) was decided when it answered
 * it without an error, and holds for every request with the same text under
 * the same schema. What depends on each request is done here by the very
 * functions Apollo's plugins use: variables are coerced, the persisted
 * operations policy judged, deprecated usage counted, the operation measured
 * and logged, the supergraph version and the content type Apollo chose for
 * the same Accept header set. A request with anything else (another body
 * shape, variables that do not coerce, an operation the policy refuses, an
 * answer with errors) goes to Apollo Server, with the fetches already made:
 * a mutation is sent once.
 *
 * Identical queries in flight at once are merged by the subgraph fetch here
 * (mergeSubgraphFetches.ts), not by `mergeClientQueries`.
 */
export class LearntOperations implements AnswerFirst {
  /** By document text, then by the operation name the client sent ('' for none), under `schema`. */
  private readonly known: LRUCache<string, Map<string, Learnt>>;
  private schema: GraphQLSchema | undefined;
  private readonly contentTypes = new Map<string, string>();
  private readonly answers: Counter;

  constructor(private readonly options: LearntOperationsOptions) {
    this.answers = new Counter({
      name: 'gateway_learnt_answers_total',
      help: 'Operations the gateway answered before Apollo Server, having run the same document before (the rest of graphql_operation_duration_seconds_count went through Apollo Server)',
      registers: [options.registry],
    });
    this.known = new LRUCache({
      max: MAX_DOCUMENTS,
      maxSize: options.maxDocumentChars,
      sizeCalculation: (_value, text) => text.length,
    });
    options.onSchema((schema) => {
      this.schema = schema;
      this.known.clear();
    });
  }

  /** Learns each operation Apollo Server answers with data and no error, under the schema the gateway serves. */
  readonly plugin: ApolloServerPlugin<GatewayContext> = {
    requestDidStart: async () => ({
      willSendResponse: async ({
        schema,
        source,
        queryHash,
        document,
        operation,
        operationName,
        request,
        response,
      }) => {
        if (schema !== this.schema || !source || !queryHash || !document || !operation) return;
        const body = response.body;
        if (body.kind !== 'single' || body.singleResult.errors?.length || (response.http.status ?? 200) !== 200) return;
        const plan = this.options.shortcut.planOf(schema, document, operationName);
        if (!plan) return;
        let byName = this.known.get(source);
        if (!byName) this.known.set(source, (byName = new Map()));
        byName.set(request.operationName ?? '', {
          plan,
          document,
          operation,
          operationName: operationName ?? null,
          queryHash,
        });
      },
    }),
  };

  /** Remembers the content type Apollo Server answered a POST with, by the request's Accept header. */
  apolloAnswered(req: IncomingMessage, status: number, headers: HeaderMap): void {
    const contentType = headers.get('content-type');
    if (req.method !== 'POST' || status !== 200 || !contentType) return;
    const accept = req.headers.accept ?? '';
    if (this.contentTypes.has(accept) || this.contentTypes.size >= MAX_ACCEPT_HEADERS) return;
    this.contentTypes.set(accept, contentType);
  }

  async answer(req: IncomingMessage, res: ServerResponse, body: unknown, scope: RequestScope): Promise<boolean> {
    const { options, schema } = this;
    if (!schema || !options.serving()) return false;
    const asked = askedOf(body, options.manifestDocument);
    const learnt = asked && this.known.get(asked.text)?.get(asked.operationName);
    const contentType = this.contentTypes.get(req.headers.accept ?? '');
    if (!asked || !learnt || !contentType) return false;
    const coerced = coercedVariables(schema, learnt.operation, asked.variables);
    if (!coerced) return false;
    const headers = headerReaderOf(req);
    const verdict = options.admission.verdict(learnt.queryHash, headers);
    if (verdict === 'refused') return false;

    const started = process.hrtime.bigint();
    const context = await options.contextOf(req, scope);
    const answer = await learnt.plan.run(asked.variables, coerced, context);
    if (!('data' in answer)) {
      // Apollo Server answers it, from the responses already fetched.
      (scope as Partial<GatewayContext>).primedFetches = answer.primed;
      return false;
    }
    const { queryHash, document, operation, operationName } = learnt;
    options.admission.note(verdict, { queryHash, headers, operationName });
    options.recordUsage({ schema, document, operation, queryHash, variables: asked.variables, headers });
    res.statusCode = 200;
    res.setHeader('content-type', contentType);
    const label = options.versionLabel(schema);
    if (label) res.setHeader(SUPERGRAPH_VERSION_HEADER, label);
    options.observer.answered({ operationName, codes: [], started, logger: scope.logger });
    this.answers.inc();
    // Apollo Server's own serialisation (its `prettyJSONStringify`).
    res.end(`${JSON.stringify({ data: answer.data })}\n`);
    return true;
  }
}

/** The request, when it is a plain POSTed operation: a document or a manifest's hash, a name, variables. */
function askedOf(body: unknown, manifestDocument: (hash: string) => string | undefined): Asked | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  for (const key in fields) if (!BODY_KEYS.has(key)) return undefined;
  const { query, operationName, variables, extensions } = fields;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  const text =
    extensions == null
      ? typeof query === 'string'
        ? query
        : undefined
      : persistedText(query, extensions, manifestDocument);
  if (!text) return undefined;
  return {
    text,
    operationName: operationName ?? '',
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
  };
}

/** A manifest's document for `extensions: { persistedQuery: { version: 1, sha256Hash } }` sent without a query. */
function persistedText(
  query: unknown,
  extensions: unknown,
  manifestDocument: (hash: string) => string | undefined,
): string | undefined {
  if (query !== undefined || typeof extensions !== 'object' || extensions === null) return undefined;
  const keys = Object.keys(extensions);
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (keys.length !== 1 || typeof persisted !== 'object' || persisted === null) return undefined;
  const { version, sha256Hash } = persisted as { version?: unknown; sha256Hash?: unknown };
  if (Object.keys(persisted).length !== 2 || version !== 1 || typeof sha256Hash !== 'string') return undefined;
  return manifestDocument(sha256Hash);
}

/** Node's request headers read as the HeaderMap Apollo Server is given (platform/graphqlHandler.ts). */
function headerReaderOf(req: IncomingMessage): HeaderReader {
  return { get: (name) => headerValue(req.headers[name]) };
}
