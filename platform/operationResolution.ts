import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import { ErrorCode } from './errors.js';

/**
 * Refuses a valid document that names no operation to run (`operationName`
 * matching none of its operations, or several operations and no name) with
 * 400 OPERATION_RESOLUTION_FAILURE, as soon as Apollo has tried to resolve it.
 *
 * Apollo Server does not stop such a request itself: it calls the later hooks
 * (`responseForOperation`, `executionDidStart`) without an `operation`, though
 * their types promise one, and leaves execution to report the problem. A hook
 * that reads the operation then throws, and the client gets a 500; the
 * gateway's own executor is one. Refusing here means no hook ever sees a
 * request without its operation.
 */
export function refuseUnresolvedOperations<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          throw new GraphQLError(unresolvedReason(document, request.operationName), {
            extensions: { code: ErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } },
          });
        },
      };
    },
  };
}

/** graphql-js's own words for each case (`getOperation` in its executor). */
function unresolvedReason(document: DocumentNode, operationName: string | undefined): string {
  if (operationName) return `Unknown operation named "${operationName}".`;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 0
    ? 'Must provide an operation.'
    : 'Must provide operation name if query contains multiple operations.';
}
