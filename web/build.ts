import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { checkManifests } from '../tools/persisted-operations/kioskManifest.js';
import { buildDocs } from './docs/buildDocs.js';

const webDir = fileURLToPath(new URL('.', import.meta.url));
export const webDist = join(webDir, 'dist');

async function appVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Builds the kiosk and GraphiQL into `web/dist/kiosk` and `web/dist/graphiql`,
 * each an index.html, one script and one stylesheet. Everything is bundled,
 * fonts included, so the pages load nothing from outside the gateway. Beside
 * them: the favicon every page names, and the project's documents as HTML
 * (`web/dist/docs`, where the sources are there to render).
 */
export async function buildWeb(outDir = webDist): Promise<void> {
  // The kiosk sends only its operations' hashes: a stale or bad manifest fails here, not at request time.
  checkManifests(join(webDir, '..'));
  const version = await appVersion();
  const shared: BuildOptions = {
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    define: { __APP_VERSION__: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
    loader: { '.graphql': 'text', '.woff2': 'dataurl', '.woff': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
  };
  await rm(outDir, { recursive: true, force: true });
  const apps = [
    { name: 'kiosk', entry: 'kiosk/main.ts' },
    { name: 'graphiql', entry: 'graphiql/main.ts' },
  ];
  await Promise.all(
    apps.map(async ({ name, entry }) => {
      const appDir = join(outDir, name);
      await mkdir(appDir, { recursive: true });
      await build({ ...shared, entryPoints: { [name]: join(webDir, entry) }, outdir: appDir });
      await copyFile(join(webDir, name, 'index.html'), join(appDir, 'index.html'));
    }),
  );
  await mkdir(join(outDir, 'favicon'), { recursive: true });
  await copyFile(join(webDir, 'favicon', 'favicon.svg'), join(outDir, 'favicon', 'favicon.svg'));
  await buildDocs(join(webDir, '..'), join(outDir, 'docs'));
}
