import { describe, expect, it } from 'vitest';
import { fileFor } from '../staticFiles.js';

const root = '/srv/web/kiosk';

const cases: { path: string; expected: string | undefined }[] = [
  { path: '/kiosk', expected: `${root}/index.html` },
  { path: '/kiosk/', expected: `${root}/index.html` },
  { path: '/kiosk/kiosk.js', expected: `${root}/kiosk.js` },
  { path: '/kiosk/a%20b.css', expected: `${root}/a b.css` },
  { path: '/kiosk/../graphiql/index.html', expected: undefined },
  { path: '/kiosk/..%2f..%2fpackage.json', expected: undefined },
  { path: '/kiosk/%2e%2e/%2e%2e/etc/passwd', expected: undefined },
  { path: '/kiosk/..', expected: undefined },
  { path: '/kiosk/..\\secret', expected: undefined },
  { path: '/kiosk/x%00.js', expected: undefined },
  { path: '/kiosk/%E0%A4%A', expected: undefined },
];

describe('the file a URL path names', () => {
  it.each(cases)('$path → $expected', ({ path, expected }) => {
    expect(fileFor(root, '/kiosk', path)).toBe(expected);
  });
});
