import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from 'prom-client';
import { planUsage, usesOf, type UsagePlan } from './deprecatedUsage.js';
import type { Client, UsageCounts } from './UsageCounts.js';

export const UNKNOWN = 'unknown';
/** Header values are chosen by callers: bounded so they cannot blow up the counters' label sets. */
const MAX_LABEL_LENGTH = 64;

/** A request's headers by lower-case name: Apollo's HeaderMap, or the gateway's view of node's. */
export interface HeaderReader {
  get(name: string): string | undefined;
}

export function clientOf(headers: HeaderReader | undefined): Client {
  const read = (name: string) => headers?.get(name)?.trim().slice(0, MAX_LABEL_LENGTH) || UNKNOWN;
  return { name: read('apollographql-client-name'), version: read('apollographql-client-version') };
}

export interface UsagePluginOptions {
  counts: UsageCounts;
  registry: Registry;
  /** How many distinct operations keep their analysis; the least recently used go first. */
  cacheSize: number;
}

/** One request's operation, as the usage count needs it. */
export interface OperationRun {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The SHA-256 of the document's text, as Apollo Server computes it. */
  queryHash: string;
  variables: Record<string, unknown> | undefined;
  headers: HeaderReader | undefined;
}

/**
 * Records the deprecated elements each operation uses, per client. Analysing a
 * document walks all of it, so it happens once per distinct operation (and
 * schema); each request after that only looks at its variables and counts.
 * `record` is that per-request step, for the Apollo plugin and for the
 * gateway's answers given before Apollo (learntOperations.ts) alike.
 */
export function deprecatedUsage({ counts, registry, cacheSize }: UsagePluginOptions): {
  plugin: ApolloServerPlugin<BaseContext>;
  record: (run: OperationRun) => void;
} {
  const analyses = new Counter({
    name: 'graphql_deprecated_usage_analyses_total',
    help: 'Distinct operations analysed for deprecated usage (cache misses)',
    registers: [registry],
  });
  const plans = new LRUCache<string, UsagePlan>({ max: cacheSize });
  let schemaOfPlans: GraphQLSchema | undefined;

  function record({ schema, document, operation, queryHash, variables, headers }: OperationRun): void {
    if (schema !== schemaOfPlans) {
      plans.clear();
      schemaOfPlans = schema;
    }
    const planKey = `${queryHash}:${operation.name?.value ?? ''}`;
    let plan = plans.get(planKey);
    if (!plan) {
      plan = planUsage(schema, document, operation);
      plans.set(planKey, plan);
      analyses.inc();
    }
    const uses = usesOf(plan, variables);
    if (uses.length > 0) counts.record(clientOf(headers), uses);
  }

  const plugin: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, source, queryHash, request }) {
          if (!operation) return;
          record({
            schema,
            document,
            operation,
            queryHash:
              queryHash ??
              createHash('sha256')
                .update(source ?? '')
                .digest('hex'),
            variables: request.variables,
            headers: request.http?.headers,
          });
        },
      };
    },
  };
  return { plugin, record };
}
