import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const defaultQuery = `# Welcome to the Toasties Galore graph.
query Stock {
  stock {
    name
    quantity
  }
  status
}
`;

/**
 * POSTs to this gateway's /graphql, naming GraphiQL as the client for the deprecated-usage counts. The toolkit's
 * fetcher adds what is typed in the Headers tab (such as `authorization: Bearer <token>` for `restock`) on top.
 * Plain JSON answers only: the gateway serves no incremental delivery.
 */
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  enableIncrementalDelivery: false,
  headers: {
    'apollographql-client-name': 'graphiql',
    'apollographql-client-version': __APP_VERSION__,
  },
});

createRoot(document.getElementById('graphiql')!).render(
  // inputValueDeprecation: deprecated arguments and input fields (toasties(limit:), MakeToastieInput.ingredients)
  // are introspected too, so the editor knows them, marks their use as deprecated, and the docs show them so.
  createElement(GraphiQL, { fetcher, defaultQuery, inputValueDeprecation: true }),
);
