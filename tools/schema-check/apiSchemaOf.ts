import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * The schema clients see. A supergraph SDL is turned into its API schema the way
 * the gateway does it (join/link machinery and @inaccessible elements gone); any
 * other SDL is taken as an API schema already, so `--base-schema` can be either.
 */
export function apiSchemaOf(sdl: string): GraphQLSchema {
  if (sdl.includes('specs.apollo.dev/join/')) {
    return Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
  }
  return buildSchema(sdl);
}
