import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { gql } from 'graphql-tag';
import { resolvers } from './resolvers/index.js';

export const typeDefs = gql(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

// A list of modules, whose resolvers may take any context, so the typed map goes in as it is.
export const schema = buildSubgraphSchema([{ typeDefs, resolvers }]);
