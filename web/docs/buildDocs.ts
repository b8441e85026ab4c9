import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Marked, type Tokens } from 'marked';

/** The project's documents, as the gateway serves them under /docs: each source file and its page. */
const DOCUMENTS = [
  { source: 'README.md', page: 'index.html', title: 'README' },
  { source: 'ARCHITECTURE.md', page: 'architecture.html', title: 'How a request flows' },
  { source: 'BENCHMARKS.md', page: 'benchmarks.html', title: 'Benchmarks' },
  { source: 'ops/README.md', page: 'ops.html', title: 'Running in production' },
];
/** Files the documents link to that are not Markdown: served as they are, as plain text. */
const PLAIN_FILES = [
  { source: '.env.example', page: 'env.example.txt' },
  { source: 'ops/alerts.yml', page: 'alerts.yml.txt' },
];

const STYLE = `body{font-family:system-ui,sans-serif;line-height:1.5;color:#2b2118;background:#fffaf0;margin:0}
main{max-width:60rem;margin:0 auto;padding:1rem 2rem 3rem}nav{background:#8a4b14;padding:.6rem 2rem}
nav a{color:#fffaf0;margin-right:1.2rem}a{color:#7a3d0a}code{background:#f3e6cc;padding:0 .2em;border-radius:3px}
pre{background:#2b2118;color:#fffaf0;padding:1rem;overflow:auto;border-radius:6px}pre code{background:none;padding:0}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d9c7a5;padding:.3rem .6rem;vertical-align:top;text-align:left}`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renders the README and the documents it links to into `outDir` as HTML, so that the landing page's "docs" link
 * works offline too. Links between them point at their pages; links to other repository files at plain-text copies.
 * Returns false, writing nothing, where the sources are not there (a Docker build copies only the code).
 */
export async function buildDocs(repoRoot: string, outDir: string): Promise<boolean> {
  if (!existsSync(join(repoRoot, 'README.md'))) return false;
  const pageOf = new Map([...DOCUMENTS, ...PLAIN_FILES].map(({ source, page }) => [source, page]));
  const present = (source: string) => existsSync(join(repoRoot, source));
  await mkdir(outDir, { recursive: true });
  await Promise.all(
    PLAIN_FILES.filter((f) => present(f.source)).map(async ({ source, page }) =>
      writeFile(join(outDir, page), await readFile(join(repoRoot, source))),
    ),
  );
  const nav = DOCUMENTS.filter((d) => present(d.source))
    .map(({ page, title }) => `<a href="/docs/${page}">${escapeHtml(title)}</a>`)
    .join('');
  await Promise.all(
    DOCUMENTS.filter((d) => present(d.source)).map(async ({ source, page, title }) => {
      const base = source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : '';
      const marked = new Marked({
        walkTokens(token) {
          if (token.type !== 'link') return;
          const link = token as Tokens.Link;
          if (/^[a-z]+:|^#/i.test(link.href)) return;
          const [path = '', anchor] = link.href.split('#');
          const target = pageOf.get(base + path) ?? pageOf.get(path);
          if (target) link.href = `/docs/${target}${anchor ? `#${anchor}` : ''}`;
        },
      });
      // Code blocks scroll sideways: focusable, so that a keyboard can scroll them too.
      const body = (await marked.parse(await readFile(join(repoRoot, source), 'utf8'))).replaceAll(
        '<pre>',
        '<pre tabindex="0">',
      );
      await writeFile(
        join(outDir, page),
        `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Toasties Galore · ${escapeHtml(title)}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>${STYLE}</style></head><body><nav aria-label="Documents"><a href="/">Start</a>${nav}</nav>
<main>${body}</main></body></html>\n`,
      );
    }),
  );
  return true;
}
