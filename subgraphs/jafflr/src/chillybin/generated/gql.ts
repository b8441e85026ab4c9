/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Pick($name: String!, $quantity: Int!, $key: ID) { pick(name: $name, quantity: $quantity, key: $key) { quantity } }\n": typeof types.PickDocument,
    "\n  mutation PutBack($name: String!, $quantity: Int!, $key: ID) { putBack(name: $name, quantity: $quantity, key: $key) { quantity } }\n": typeof types.PutBackDocument,
    "\n  mutation PickIngredients($input: PickIngredientsInput!) { pickIngredients(input: $input) { id status } }\n": typeof types.PickIngredientsDocument,
    "\n  mutation CancelOrder($id: ID!) { cancelOrder(id: $id) { id status } }\n": typeof types.CancelOrderDocument,
};
const documents: Documents = {
    "\n  mutation Pick($name: String!, $quantity: Int!, $key: ID) { pick(name: $name, quantity: $quantity, key: $key) { quantity } }\n": types.PickDocument,
    "\n  mutation PutBack($name: String!, $quantity: Int!, $key: ID) { putBack(name: $name, quantity: $quantity, key: $key) { quantity } }\n": types.PutBackDocument,
    "\n  mutation PickIngredients($input: PickIngredientsInput!) { pickIngredients(input: $input) { id status } }\n": types.PickIngredientsDocument,
    "\n  mutation CancelOrder($id: ID!) { cancelOrder(id: $id) { id status } }\n": types.CancelOrderDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Pick($name: String!, $quantity: Int!, $key: ID) { pick(name: $name, quantity: $quantity, key: $key) { quantity } }\n"): typeof import('./graphql.js').PickDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PutBack($name: String!, $quantity: Int!, $key: ID) { putBack(name: $name, quantity: $quantity, key: $key) { quantity } }\n"): typeof import('./graphql.js').PutBackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PickIngredients($input: PickIngredientsInput!) { pickIngredients(input: $input) { id status } }\n"): typeof import('./graphql.js').PickIngredientsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelOrder($id: ID!) { cancelOrder(id: $id) { id status } }\n"): typeof import('./graphql.js').CancelOrderDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
