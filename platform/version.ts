import { readFileSync } from 'node:fs';

/** The release being run: SERVICE_VERSION when the deploy sets it, else the package version. */
export function serviceVersion(env: Record<string, string | undefined>): string {
  if (env.SERVICE_VERSION) return env.SERVICE_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
