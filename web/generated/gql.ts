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
    "query MachineStatus {\n  status\n}": typeof types.MachineStatusDocument,
    "mutation MakeToastie($fillings: [String!]!, $doneness: Doneness, $idempotencyKey: String) {\n  makeToastie(\n    input: {fillings: $fillings, doneness: $doneness, idempotencyKey: $idempotencyKey}\n  ) {\n    id\n    doneness\n    createdAt\n    ingredients {\n      name\n      quantity\n    }\n  }\n}": typeof types.MakeToastieDocument,
    "query Stock {\n  stock {\n    name\n    quantity\n    description\n  }\n}": typeof types.StockDocument,
};
const documents: Documents = {
    "query MachineStatus {\n  status\n}": types.MachineStatusDocument,
    "mutation MakeToastie($fillings: [String!]!, $doneness: Doneness, $idempotencyKey: String) {\n  makeToastie(\n    input: {fillings: $fillings, doneness: $doneness, idempotencyKey: $idempotencyKey}\n  ) {\n    id\n    doneness\n    createdAt\n    ingredients {\n      name\n      quantity\n    }\n  }\n}": types.MakeToastieDocument,
    "query Stock {\n  stock {\n    name\n    quantity\n    description\n  }\n}": types.StockDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MachineStatus {\n  status\n}"): typeof import('./graphql.js').MachineStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MakeToastie($fillings: [String!]!, $doneness: Doneness, $idempotencyKey: String) {\n  makeToastie(\n    input: {fillings: $fillings, doneness: $doneness, idempotencyKey: $idempotencyKey}\n  ) {\n    id\n    doneness\n    createdAt\n    ingredients {\n      name\n      quantity\n    }\n  }\n}"): typeof import('./graphql.js').MakeToastieDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Stock {\n  stock {\n    name\n    quantity\n    description\n  }\n}"): typeof import('./graphql.js').StockDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
