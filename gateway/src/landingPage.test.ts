import { describe, expect, it } from 'vitest';
import { landingPageHtml } from './landingPage.js';

const links = (html: string) => Array.from(html.matchAll(/<li><a href="([^"]+)"/g), (m) => m[1]);

describe('landingPageHtml', () => {
  it.each([
    { registry: false, docs: false, expected: ['/graphiql', '/kiosk', '/usage'] },
    { registry: true, docs: false, expected: ['/graphiql', '/kiosk', '/usage', '/registry'] },
    { registry: false, docs: true, expected: ['/graphiql', '/kiosk', '/usage', '/docs/'] },
    { registry: true, docs: true, expected: ['/graphiql', '/kiosk', '/usage', '/registry', '/docs/'] },
  ])('with registry $registry and docs $docs links $expected', ({ registry, docs, expected }) => {
    expect(links(landingPageHtml({ registry, docs }))).toEqual(expected);
  });

  it('opens Sandbox on the current API, and says where to go when it cannot load', () => {
    const html = landingPageHtml({ registry: false, docs: false });
    expect(html).toContain('fillings: [\\"cheese\\", \\"vegemite\\"]');
    expect(html).toContain('script.onerror');
    expect(html).toContain('<a href="/graphiql">Open GraphiQL</a>');
  });
});
