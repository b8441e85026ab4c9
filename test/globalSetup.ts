import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDevDb, type DevDb } from '../tools/dev/devdb.js';
import { buildWeb } from '../web/build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

let devdb: DevDb | undefined;
let dataDir: string | undefined;

/**
 * One database server for the whole run: MONGODB_URI when set, else the
 * embedded FerretDB. And the frontend, built, for the gateway to serve.
 */
export async function setup(project: TestProject): Promise<void> {
  await buildWeb();
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    dataDir = mkdtempSync(join(tmpdir(), 'toasties-test-db-'));
    devdb = await startDevDb({ dataDir });
    uri = devdb.uri;
  }
  project.provide('mongodbUri', uri);
}

export async function teardown(): Promise<void> {
  await devdb?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
