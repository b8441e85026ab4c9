import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../../tools/dev/serviceProcess.js';

export interface ComposeService {
  image?: string;
  profiles?: string[];
  command?: string[];
  build?: { context: string; target?: string };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  volumes?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readCompose(): ComposeFile {
  return parseYaml(readFileSync(`${repoRoot}compose.yaml`, 'utf8')) as ComposeFile;
}

/** What a `.env` beside compose.yaml holds in these tests: the two secrets compose refuses to start without. */
export const COMPOSE_DOT_ENV: Readonly<Record<string, string>> = {
  SUBGRAPH_SECRET: 'a-subgraph-secret-from-dot-env',
  ADMIN_TOKEN: 'an-admin-token-from-dot-env',
};

/**
 * A value as compose interpolates it from the shell or `.env`: `${X}`, `${X:-default}` (also when X is empty),
 * `${X-default}`, `${X:?message}` and `${X?message}` (an error when unset), `$$` for a dollar.
 */
export function interpolate(value: string, env: Readonly<Record<string, string>> = COMPOSE_DOT_ENV): string {
  return value.replace(
    /\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}/g,
    (_match, name: string | undefined, colon: string, kind: string | undefined, word: string) => {
      if (!name) return '$';
      const set = env[name] !== undefined && (colon !== ':' || env[name] !== '');
      if (set) return env[name]!;
      if (kind === '-') return word;
      if (kind === '?') throw new Error(`compose would refuse to start: ${name}: ${word}`);
      return '';
    },
  );
}

/** A service's environment as its container sees it, interpolated as compose does. */
export function composeEnvironment(
  service: ComposeService,
  env: Readonly<Record<string, string>> = COMPOSE_DOT_ENV,
): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, v]) => [name, interpolate(v, env)]));
}

/** The services `docker compose up` starts: those in no profile. */
export function defaultServices(compose: ComposeFile): string[] {
  return Object.keys(compose.services).filter((name) => !compose.services[name]!.profiles?.length);
}

/** Where compose mounts a file or folder of the repository (`./ops/alerts.yml`) in a service's container. */
export function mountOf(service: ComposeService, source: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    const [from, to] = volume.split(':');
    if (from === source) return to;
  }
  return undefined;
}

/** Compose durations such as `20s`, `1m30s`, in milliseconds. */
export function durationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(amount) * units[unit!]!;
  return total;
}

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** A Dockerfile's stages and their instructions (comments dropped, continued lines joined). */
export function readDockerfile(): Stage[] {
  const text = readFileSync(`${repoRoot}Dockerfile`, 'utf8').replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [, from = '', name = ''] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ name, from, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** A stage's instructions, its base stages' first (what the image really runs). */
export function effectiveInstructions(stages: Stage[], name: string): Instruction[] {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`the Dockerfile has no stage ${name}`);
  const base = stages.some((s) => s.name === stage.from) ? effectiveInstructions(stages, stage.from) : [];
  return [...base, ...stage.instructions];
}
