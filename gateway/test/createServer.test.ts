import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import { loadConfig } from '../src/config.js';
import { createServer } from '../src/server.js';

// createServer builds the gateway as a value; starting things is listen's.

const supergraphSdl = readFileSync(new URL('../../supergraph.graphql', import.meta.url), 'utf8');
let dir: string | undefined;
afterEach(() => {
  vi.useRealTimers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('createServer', () => {
  it('starts no timer, even with a usage report file to rewrite', () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-create-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      USAGE_REPORT_PATH: join(dir, 'usage.json'),
      USAGE_REPORT_INTERVAL_MS: '10',
    });
    const logger = createLogger({ service: 'gateway', version: 'test', level: 'silent' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'setImmediate'] });

    createServer(config, { logger, version: 'test', supergraphSdl });

    expect(vi.getTimerCount()).toBe(0);
  });
});
