import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from 'prom-client';
import { ErrorCode } from '../../../platform/errors.js';
import type { Logger } from '../../../platform/logger.js';
import { clientOf, type HeaderReader } from '../usage/usagePlugin.js';
import type { PersistedOperations } from './manifest.js';

/** What the gateway does with an operation that is in no manifest. */
export const PERSISTED_OPERATION_POLICIES = ['off', 'log', 'enforce'] as const;
export type PersistedOperationPolicy = (typeof PERSISTED_OPERATION_POLICIES)[number];

/** Apollo Server prefixes the keys of its persisted-query cache with this (its `APQ_CACHE_PREFIX`). */
const APQ_PREFIX = 'apq:';
/** Documents registered through APQ when the policy allows it: small, like the other caches here. */
const APQ_CACHE_BYTES = 2 ** 20;
/** How many (client, operation) pairs are remembered as already logged, so a busy unknown operation logs once. */
const LOGGED_PAIRS = 1000;

/**
 * Apollo Server's persisted-query cache, pre-filled from the manifests: a hash
 * any manifest has is always found, whatever was registered since. Under
 * `enforce` nothing else is kept, so a stranger cannot add to the list by
 * sending a document with its hash; otherwise APQ registers documents as usual.
 */
export class ManifestQueryCache implements KeyValueCache<string> {
  private readonly registered: KeyValueCache<string> | undefined;

  constructor(
    private readonly operations: PersistedOperations,
    { registers }: { registers: boolean },
  ) {
    this.registered = registers ? new InMemoryLRUCache<string>({ maxSize: APQ_CACHE_BYTES }) : undefined;
  }

  async get(key: string): Promise<string | undefined> {
    const body = key.startsWith(APQ_PREFIX) ? this.operations.bodies.get(key.slice(APQ_PREFIX.length)) : undefined;
    return body ?? this.registered?.get(key);
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    await this.registered?.set(key, value, options);
  }

  async delete(key: string): Promise<boolean | void> {
    return this.registered?.delete(key);
  }
}

/**
 * The explorers' own requests, let through `enforce` while the explorers are
 * on outside production: GraphiQL's (it names itself) and Apollo Sandbox's,
 * sent from the landing page at `/` or from its embedded frame.
 */
export function isExplorerRequest(headers: HeaderReader | undefined): boolean {
  if (headers?.get('apollographql-client-name') === 'graphiql') return true;
  if (headers?.get('origin') === 'https://sandbox.embed.apollographql.com') return true;
  const referer = headers?.get('referer');
  if (!referer) return false;
  try {
    return new URL(referer).pathname === '/';
  } catch {
    return false;
  }
}

/**
 * What the policy makes of one operation: `listed` (in a manifest, or let
 * through: policy off, or an explorer's), `unlisted` (to run, counted and
 * logged), or `refused`.
 */
export type PersistedVerdict = 'listed' | 'unlisted' | 'refused';

/** The policy's per-request step, for the plugin and for answers given before Apollo (learntOperations.ts). */
export interface PersistedAdmission {
  /** The verdict alone: nothing counted, nothing logged. */
  verdict(queryHash: string | undefined, headers: HeaderReader | undefined): PersistedVerdict;
  /** Counts an operation that is not `listed`, and logs it once per client version. */
  note(
    verdict: PersistedVerdict,
    operation: { queryHash: string | undefined; headers: HeaderReader | undefined; operationName: string | null },
  ): void;
}

export interface PersistedOperationsOptions {
  policy: PersistedOperationPolicy;
  operations: PersistedOperations;
  registry: Registry;
  logger: Logger;
  /** Whether the explorers' requests skip `enforce`: only while they are on, outside production. */
  exemptExplorers: boolean;
}

/**
 * Persisted operations: Apollo Server's own APQ handling, with its cache
 * pre-filled from the manifests, so a client sends only a hash
 * (`extensions.persistedQuery.sha256Hash`); an unknown hash alone is Apollo's
 * PERSISTED_QUERY_NOT_FOUND, a hash that is not its document's a 400. The
 * plugin applies the policy to any operation whose hash is in no manifest:
 * `log` counts it (`graphql_unknown_operations_total`) and logs it once per
 * client version; `enforce` also refuses it with PERSISTED_QUERY_NOT_IN_LIST.
 */
export function persistedOperations({
  policy,
  operations,
  registry,
  logger,
  exemptExplorers,
}: PersistedOperationsOptions): {
  persistedQueries: NonNullable<ApolloServerOptions<BaseContext>['persistedQueries']>;
  plugin: ApolloServerPlugin<BaseContext>;
  admission: PersistedAdmission;
} {
  const persistedQueries = { cache: new ManifestQueryCache(operations, { registers: policy !== 'enforce' }) };
  if (policy === 'off') {
    return { persistedQueries, plugin: {}, admission: { verdict: () => 'listed', note: () => {} } };
  }

  const unknownOperations = new Counter({
    name: 'graphql_unknown_operations_total',
    help: 'Operations in no persisted-operations manifest, by client (a client without a manifest counts as other), and whether they were refused',
    labelNames: ['client_name', 'refused'],
    registers: [registry],
  });
  const logged = new LRUCache<string, true>({ max: LOGGED_PAIRS });
  // Callers choose their header values: only the names of clients with a manifest become label values.
  const labelOf = (name: string) => (operations.clientNames.has(name) ? name : name === 'unknown' ? name : 'other');

  const admission: PersistedAdmission = {
    verdict(queryHash, headers) {
      if (queryHash && operations.bodies.has(queryHash)) return 'listed';
      if (exemptExplorers && isExplorerRequest(headers)) return 'listed';
      return policy === 'enforce' ? 'refused' : 'unlisted';
    },
    note(verdict, { queryHash, headers, operationName }) {
      if (verdict === 'listed') return;
      const client = clientOf(headers);
      const refused = verdict === 'refused';
      unknownOperations.inc({ client_name: labelOf(client.name), refused: String(refused) });
      const pair = `${client.name}@${client.version}:${queryHash}`;
      if (logged.has(pair)) return;
      logged.set(pair, true);
      logger.warn({ client, operationName, queryHash, refused }, 'operation in no persisted-operations manifest');
    },
  };

  return {
    persistedQueries,
    admission,
    plugin: {
      async requestDidStart() {
        return {
          async didResolveOperation({ queryHash, request, operationName }) {
            const headers = request.http?.headers;
            const verdict = admission.verdict(queryHash, headers);
            admission.note(verdict, { queryHash, headers, operationName });
            if (verdict === 'refused') {
              throw new GraphQLError(
                "This gateway runs only persisted operations, and this operation is in no client's manifest; send the hash of a known operation (extensions.persistedQuery.sha256Hash)",
                { extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, http: { status: 400 } } },
              );
            }
          },
        };
      },
    },
  };
}
