import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** Apollo's embeddable Sandbox, the one Apollo Server's own landing page loads. */
const SANDBOX_SCRIPT =
  'https://embeddable-sandbox.cdn.apollographql.com/_latest/embeddable-sandbox.umd.production.min.js';

/** What Sandbox opens with: the README's first example, in the current API. */
const FIRST_OPERATION = `mutation MakeToastie {
  makeToastie(input: { fillings: ["cheese", "vegemite"] }) {
    id
    ingredients { name quantity }
  }
}
`;

export interface LandingPageOptions {
  /** Whether /registry is there to link to (the gateway has a schema registry). */
  registry: boolean;
  /** Whether /docs is there (the build rendered the project's documents). */
  docs: boolean;
}

const STYLE = `:root{--crust:#8a4b14;--toast:#f3d9a4;--paper:#fffaf0;--ink:#2b2118;font-family:system-ui,sans-serif;color:var(--ink);background:var(--paper)}
body{margin:0}header{background:var(--crust);color:var(--paper);padding:1rem 2rem}header h1{margin:0;font-size:1.8rem}
header p{margin:.3rem 0 0}main{padding:1rem 2rem 2rem}ul.ways{list-style:none;padding:0;margin:0;display:grid;
grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}ul.ways li{background:white;border:2px solid var(--toast);
border-radius:.8rem;padding:.8rem 1rem}ul.ways a{font-size:1.15rem;font-weight:600;color:#7a3d0a}ul.ways p{margin:.3rem 0 0}
code{color:var(--ink);background:#f3e6cc;padding:0 .2em;border-radius:3px}#sandbox-status{font-weight:600}
#sandbox{height:80vh;min-height:30rem;border:2px solid var(--toast);border-radius:.8rem;overflow:hidden}
a{color:#7a3d0a}#sandbox:empty{display:none}#sandbox iframe{width:100%;height:100%;border:none;background:white}`;

function ways({ registry, docs }: LandingPageOptions): string {
  const links = [
    {
      href: '/graphiql',
      name: 'GraphiQL',
      what: 'The graph explorer served by this gateway: works offline, marks what is deprecated.',
    },
    { href: '/kiosk', name: 'The kiosk', what: 'The stall as a customer sees it: stock, the machine, an order.' },
    { href: '/usage', name: 'Deprecated usage', what: 'Which clients still use which deprecated parts of the graph.' },
    ...(registry
      ? [{ href: '/registry', name: 'Schema registry', what: 'Published schema versions, their checks and usage.' }]
      : []),
    ...(docs ? [{ href: '/docs/', name: 'Docs', what: 'The README: how the stall works and how to run it.' }] : []),
  ];
  return links.map(({ href, name, what }) => `<li><a href="${href}">${name}</a><p>${what}</p></li>`).join('');
}

/**
 * The gateway's page at `/` for a browser (GraphQL requests to `/` are answered as
 * ever): the ways on, which all work offline, and Apollo Sandbox embedded below
 * them when Apollo's CDN can be reached. Without the CDN it says so and points to
 * GraphiQL, where Apollo's own page only said that you might be offline.
 */
export function landingPageHtml(options: LandingPageOptions): string {
  const sandboxConfig = JSON.stringify({
    target: '#sandbox',
    initialEndpoint: '/graphql',
    initialState: { document: FIRST_OPERATION, includeCookies: false },
    hideCookieToggle: false,
    endpointIsEditable: false,
    runTelemetry: false,
    allowDynamicStyles: false,
  }).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Toasties Galore · gateway</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>${STYLE}</style></head><body>
<header><h1>Toasties Galore</h1><p>A federated GraphQL toastie stall. Send GraphQL to <code>/graphql</code>, or start here.</p></header>
<main>
<nav aria-label="Ways on"><ul class="ways">${ways(options)}</ul></nav>
<h2>Apollo Sandbox</h2>
<p id="sandbox-status" role="status" data-state="loading">Loading Apollo Sandbox from Apollo's CDN…</p>
<div id="sandbox"></div>
</main>
<script>
(function () {
  var status = document.getElementById('sandbox-status');
  var script = document.createElement('script');
  script.src = ${JSON.stringify(SANDBOX_SCRIPT)};
  script.onload = function () {
    var config = ${sandboxConfig};
    config.initialEndpoint = location.origin + config.initialEndpoint;
    new window.EmbeddedSandbox(config);
    status.dataset.state = 'loaded';
    status.textContent = 'Apollo Sandbox, loaded from Apollo\\u2019s CDN:';
  };
  script.onerror = function () {
    status.dataset.state = 'offline';
    status.innerHTML = 'Apollo Sandbox could not be loaded from Apollo\\u2019s CDN (are you offline?). ' +
      '<a href="/graphiql">Open GraphiQL</a> instead: this gateway serves it, so it works offline.';
  };
  document.body.appendChild(script);
})();
</script>
</body></html>`;
}

/** The landing page as an Apollo Server plugin, in place of Apollo's own; it is rendered once. */
export function landingPage<TContext extends BaseContext>(options: LandingPageOptions): ApolloServerPlugin<TContext> {
  const html = landingPageHtml(options);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
