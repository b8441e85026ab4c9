import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types from the schema files, so a resolver that no longer fits its schema
 * fails `npm run typecheck`. The outputs are committed, and a test fails while
 * they differ from what this makes now (`npm run codegen` rewrites them).
 */
const config: CodegenConfig = {
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
          Order: '../orders/OrderRepository.js#Order as OrderRecord',
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
    // The kiosk's enums only: no import of server code, even of types.
    'web/generated/graphql.ts': {
      schema: 'subgraphs/jafflr/schema.graphql',
      plugins: ['typescript'],
      config: { onlyEnums: true },
    },
  },
};

export default config;
