import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Toastie } from './Toastie.js';

export const resolvers = { Query, Mutation, Toastie };
