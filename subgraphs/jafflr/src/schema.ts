import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { gql } from 'graphql-tag';
import type { JafflrContext } from './context.js';
import { resolvers } from './resolvers/index.js';

export const typeDefs = gql(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

const resolverMap: GraphQLResolverMap<JafflrContext> = resolvers;

export const schema = buildSubgraphSchema({ typeDefs, resolvers: resolverMap as GraphQLResolverMap<unknown> });
