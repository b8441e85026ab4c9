import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext, HeaderMap } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from 'prom-client';
import { planUsage, usesOf, type UsagePlan } from './deprecatedUsage.js';
import type { Client, UsageCounts } from './UsageCounts.js';

export const UNKNOWN = 'unknown';
/** Header values are chosen by callers: bounded so they cannot blow up the counters' label sets. */
const MAX_LABEL_LENGTH = 64;

export function clientOf(headers: HeaderMap | undefined): Client {
  const read = (name: string) => headers?.get(name)?.trim().slice(0, MAX_LABEL_LENGTH) || UNKNOWN;
  return { name: read('apollographql-client-name'), version: read('apollographql-client-version') };
}

export interface UsagePluginOptions {
  counts: UsageCounts;
  registry: Registry;
  /** How many distinct operations keep their analysis; the least recently used go first. */
  cacheSize: number;
}

/**
 * Records the deprecated elements each operation uses, per client. Analysing a
 * document walks all of it, so it happens once per distinct operation (and
 * schema); each request after that only looks at its variables and counts.
 */
export function deprecatedUsagePlugin({
  counts,
  registry,
  cacheSize,
}: UsagePluginOptions): ApolloServerPlugin<BaseContext> {
  const analyses = new Counter({
    name: 'graphql_deprecated_usage_analyses_total',
    help: 'Distinct operations analysed for deprecated usage (cache misses)',
    registers: [registry],
  });
  const plans = new LRUCache<string, UsagePlan>({ max: cacheSize });
  let schemaOfPlans: GraphQLSchema | undefined;

  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, source, queryHash, request }) {
          if (!operation) return;
          if (schema !== schemaOfPlans) {
            plans.clear();
            schemaOfPlans = schema;
          }
          const documentHash =
            queryHash ??
            createHash('sha256')
              .update(source ?? '')
              .digest('hex');
          const planKey = `${documentHash}:${operation.name?.value ?? ''}`;
          let plan = plans.get(planKey);
          if (!plan) {
            plan = planUsage(schema, document, operation);
            plans.set(planKey, plan);
            analyses.inc();
          }
          const uses = usesOf(plan, request.variables);
          if (uses.length > 0) counts.record(clientOf(request.http?.headers), uses);
        },
      };
    },
  };
}
