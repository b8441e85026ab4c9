import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';

export const SUPERGRAPH_VERSION_HEADER = 'x-supergraph-version';

/** A supergraph read from a file has no number: it is named by its content, `file-` and 12 hex digits. */
export const fileLabel = (sdl: string) => `file-${createHash('sha256').update(sdl).digest('hex').slice(0, 12)}`;

/**
 * Tells each response which supergraph answered it. The gateway gives each load
 * a new schema object, and a request keeps the schema it started with, so the
 * label is kept against the schema object: a request that began before a swap
 * is labelled with the version that ran it. `labelOf` is the same label, for
 * answers given before Apollo.
 */
export function supergraphVersionHeader(
  gateway: ApolloGateway,
  labelOf: (coreSupergraphSdl: string) => string,
): { plugin: ApolloServerPlugin<BaseContext>; labelOf: (schema: GraphQLSchema) => string | undefined } {
  const labels = new WeakMap<GraphQLSchema, string>();
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => labels.set(apiSchema, labelOf(coreSupergraphSdl)));
  return {
    labelOf: (schema) => labels.get(schema),
    plugin: {
      async requestDidStart() {
        return {
          async willSendResponse({ schema, response }) {
            const label = labels.get(schema);
            if (label) response.http.headers.set(SUPERGRAPH_VERSION_HEADER, label);
          },
        };
      },
    },
  };
}
