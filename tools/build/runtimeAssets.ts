/**
 * Files the compiled code reads at run time through `new URL(..., import.meta.url)`,
 * relative to the repository root; each goes to the same path under dist/.
 */
export const RUNTIME_ASSETS = [
  'package.json',
  'supergraph.graphql',
  'subgraphs/chillybin/schema.graphql',
  'subgraphs/jafflr/schema.graphql',
  // The kiosk and GraphiQL, built by `npm run build:web`; the gateway serves them.
  'web/dist',
  // The clients' persisted-operations manifests, which the gateway reads at start.
  'persisted-operations',
];
