import type { Resolvers } from '../generated/graphql.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Toastie } from './Toastie.js';

export const resolvers: Resolvers = { Query, Mutation, Toastie };
