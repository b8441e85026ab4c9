import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

// The GitHub workflow cannot run here; this holds it to what CI must do, in order.

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

const workflow = parseYaml(readFileSync(new URL('../.github/workflows/ci.yml', import.meta.url), 'utf8')) as {
  on: { pull_request?: unknown; push?: { branches?: string[] } };
  jobs: Record<string, { container?: string; steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

const required: { step: string; matches: (s: Step) => boolean }[] = [
  {
    step: 'checkout with full history',
    matches: (s) => !!s.uses?.startsWith('actions/checkout@') && s.with?.['fetch-depth'] === 0,
  },
  {
    step: 'Node 20 with the npm cache',
    matches: (s) =>
      !!s.uses?.startsWith('actions/setup-node@') &&
      String(s.with?.['node-version']) === '20' &&
      s.with?.cache === 'npm',
  },
  { step: 'Go for tools/devdb', matches: (s) => !!s.uses?.startsWith('actions/setup-go@') },
  {
    step: 'Debian chromium',
    matches: (s) => /apt-get install -y (--no-install-recommends )?chromium/.test(s.run ?? ''),
  },
  { step: 'npm ci', matches: (s) => s.run === 'npm ci' },
  { step: 'typecheck', matches: (s) => s.run === 'npm run typecheck' },
  { step: 'lint', matches: (s) => s.run === 'npm run lint' },
  { step: 'format check', matches: (s) => s.run === 'npm run format:check' },
  { step: 'tests', matches: (s) => s.run === 'npm test' },
  {
    step: 'schema check against main, on pull requests',
    matches: (s) =>
      s.run === 'npm run schema:check -- --base-ref origin/main' && s.if === "github.event_name == 'pull_request'",
  },
];

describe('the GitHub workflow', () => {
  it('runs on pull requests and on pushes to main', () => {
    expect(workflow.on).toHaveProperty('pull_request');
    expect(workflow.on.push?.branches).toEqual(['main']);
  });

  it('runs on Debian, where apt-get gives the chromium the browser tests expect', () => {
    for (const job of Object.values(workflow.jobs)) expect(job.container).toMatch(/bookworm/);
  });

  it.each(required)('has a step for $step', ({ matches }) => {
    expect(steps.some(matches)).toBe(true);
  });

  it('runs the steps in that order', () => {
    const positions = required.map(({ matches }) => steps.findIndex(matches));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
