import { readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { globSync } from 'tinyglobby';
import { apiSchemaOf } from './tools/schema-check/apiSchemaOf.js';

/**
 * Types from the schema files, so a resolver that no longer fits its schema
 * fails `npm run typecheck`. The outputs are committed, and a test fails while
 * they differ from what this makes now (`npm run codegen` rewrites them).
 */
/** Operation types only (with the enums and inputs they use), documents as strings, imports NodeNext can resolve. */
const CLIENT_CONFIG = {
  documentMode: 'string',
  onlyOperationTypes: true,
  avoidOptionals: false,
  emitLegacyCommonJSImports: false,
};

/**
 * The kiosk's operation files, read here in a fixed order: the top-level `sort: false` (the schema's order for the
 * resolver types) also stops codegen sorting documents, which it loads concurrently, in any order.
 */
function kioskOperations(): string[] {
  return globSync('web/operations/*.graphql')
    .sort()
    .map((file) => readFileSync(file, 'utf8'));
}

const config: CodegenConfig = {
  emitLegacyCommonJSImports: false,
  config: {
    // Keep the schema's order, so the generated files read like the schema.
    sort: false,
    useTypeImports: true,
    // String unions, the way the repositories store enum values.
    enumsAsTypes: true,
    // Output fields are always there, and so is an input field with a default (its value may still be null).
    avoidOptionals: { field: true, defaultValue: true },
  },
  generates: {
    'subgraphs/chillybin/src/generated/graphql.ts': {
      schema: 'subgraphs/chillybin/schema.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        contextType: '../context.js#ChillybinContext',
        mappers: {
          Ingredient: '../stock/StockRepository.js#Ingredient as IngredientRecord',
          Order: '../orders/OrderRepository.js#ListedOrder',
          OrderItem: '../orders/OrderRepository.js#OrderItem as OrderItemRecord',
        },
      },
    },
    'subgraphs/jafflr/src/generated/graphql.ts': {
      schema: 'subgraphs/jafflr/schema.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        contextType: '../context.js#JafflrContext',
        mappers: { Toastie: '../toasties/ToastieRepository.js#ToastieOutcome' },
      },
    },
    // The kiosk's operations, typed against the schema the gateway serves (its API schema, not the supergraph's
    // join machinery), as plain strings: the bundle needs no graphql-js, and imports no server code, even of types.
    // Each carries its sha256 hash, which is all the kiosk sends; persisted-documents.json is what the
    // persisted-operations manifest is made from.
    'web/generated/': {
      schema: printSchema(apiSchemaOf(readFileSync('supergraph.graphql', 'utf8'))),
      documents: kioskOperations(),
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: CLIENT_CONFIG,
    },
    // jafflr's calls to chillybin, typed against chillybin's own schema: jafflr calls it directly, not through
    // the gateway. The documents stay in ChillybinClient.ts, written as graphql(`...`).
    'subgraphs/jafflr/src/chillybin/generated/': {
      schema: 'subgraphs/chillybin/schema.graphql',
      documents: 'subgraphs/jafflr/src/chillybin/ChillybinClient.ts',
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: CLIENT_CONFIG,
    },
  },
};

export default config;
