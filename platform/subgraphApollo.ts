import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { NodeEnv } from './config.js';
import { checkEntityRepresentations } from './entityRepresentations.js';
import { createErrorFormatter } from './errors.js';
import { explorerOptions } from './explorer.js';
import { knownOperationTypes } from './knownOperationTypes.js';
import type { HttpService } from './httpService.js';
import type { Logger } from './logger.js';
import { isDatabaseOutage } from './mongoErrors.js';

/** Apollo Server as every subgraph runs it, behind its HttpService. */
export function createSubgraphApollo<TContext extends BaseContext>({
  schema,
  logger,
  nodeEnv,
  http,
}: {
  schema: GraphQLSchema;
  logger: Logger;
  nodeEnv: NodeEnv;
  http: HttpService<TContext>;
}): ApolloServer<TContext> {
  const production = nodeEnv === 'production';
  const explorer = explorerOptions<TContext>(!production);
  return new ApolloServer<TContext>({
    schema: checkEntityRepresentations(schema),
    formatError: createErrorFormatter(logger, { isDatabaseOutage }),
    includeStacktraceInErrorResponses: !production,
    introspection: explorer.introspection,
    validationRules: [knownOperationTypes],
    logger,
    // runService owns SIGINT/SIGTERM; Apollo's own handler would re-raise the signal after stopping,
    // which runService takes for a second Ctrl-C and exits 1 mid-drain.
    stopOnTerminationSignals: false,
    // The gateway sends the reads of one turn of its event loop as one batch (gateway/src/batchSubgraphReads.ts).
    allowBatchedHttpRequests: true,
    // No Apollo Studio here, so no per-request trace for the gateway to forward; no @cacheControl hints and no
    // response cache, so no cache policy worked out around every field resolver.
    plugins: [
      ...http.apolloPlugins(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      explorer.landingPage,
    ],
  });
}
