import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement, type ComponentProps } from 'react';
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

/** Plain POSTs to this gateway's /graphql, naming GraphiQL as the client for the deprecated-usage counts. */
const fetcher: ComponentProps<typeof GraphiQL>['fetcher'] = async (params) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollographql-client-name': 'graphiql',
      'apollographql-client-version': __APP_VERSION__,
    },
    body: JSON.stringify(params),
  });
  return (await response.json()) as Awaited<ReturnType<typeof fetcher>>;
};

createRoot(document.getElementById('graphiql')!).render(createElement(GraphiQL, { fetcher, defaultQuery }));
