import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * The GraphQL spec's "Operation Type Existence" validation rule, which
 * graphql-js 16 lacks: an operation whose type the schema has no root for
 * (a subscription, here) is a validation error, GRAPHQL_VALIDATION_FAILED.
 * Without it, the subgraphs fail it during execution and the gateway's query
 * planner throws, both reported as internal faults.
 */
export const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(
      new GraphQLError(`The ${node.operation} operation is not supported by the schema.`, { nodes: node }),
    );
  },
});
