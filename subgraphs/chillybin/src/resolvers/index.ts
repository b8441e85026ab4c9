import type { Resolvers } from '../generated/graphql.js';
import { Ingredient } from './Ingredient.js';
import { Mutation } from './Mutation.js';
import { Order, OrderItem } from './Order.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, Mutation, Ingredient, Order, OrderItem };
