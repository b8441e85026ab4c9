import { execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { StartupError } from '../../platform/startupError.js';
import { spawnOwned } from './ownedProcess.js';

const devdbDir = fileURLToPath(new URL('../devdb/', import.meta.url));
const binDir = `${devdbDir}bin/`;
const binary = `${binDir}devdb`;
const stampFile = `${binDir}sources.sha256`;
/** Everything `go build` reads: the module files and every non-test Go file. */
function sources(): string[] {
  const goFiles = readdirSync(devdbDir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
  return ['go.mod', 'go.sum', ...goFiles.sort()];
}

function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const file of sources()) hash.update(file).update(readFileSync(devdbDir + file));
  return hash.digest('hex');
}

/** Builds tools/devdb once, and again only when its sources change. Returns the binary's path. */
export async function ensureDevDbBinary(log: (line: string) => void = () => {}): Promise<string> {
  const hash = sourcesHash();
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return binary;
  log('building tools/devdb (FerretDB, embedded); the first build takes a minute or two');
  mkdirSync(binDir, { recursive: true });
  try {
    await promisify(execFile)('go', ['build', '-o', binary, '.'], { cwd: devdbDir, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr ?? String(err);
    throw new StartupError(`could not build tools/devdb with Go (is Go 1.24+ installed and on the PATH?):\n${detail}`, {
      cause: err,
    });
  }
  writeFileSync(stampFile, hash);
  return binary;
}

/** devdb ended before it listened; `reason` is its last line on stderr, such as a port already in use. */
export class DevDbStartError extends StartupError {
  override name = 'DevDbStartError';

  constructor(
    message: string,
    readonly port: number,
    readonly reason: string,
  ) {
    super(message);
  }

  get portInUse(): boolean {
    return /address already in use/.test(this.reason);
  }
}

export interface DevDb {
  uri: string;
  process: ChildProcess;
  /** Resolves with the exit code once the process has ended, however it ended (a crash test kills it). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts the embedded database and resolves once it prints that it listens. */
export async function startDevDb({ dataDir, port = 0 }: { dataDir: string; port?: number }): Promise<DevDb> {
  const bin = await ensureDevDbBinary((line) => console.error(line));
  // Stopped by its parent after the services that use it.
  const { child, exited } = spawnOwned(bin, ['-port', String(port), '-data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Passed on as it comes; the last line is kept to say why devdb ended, should it end before it is ready.
  let lastError = '';
  createInterface({ input: child.stderr! }).on('line', (line) => {
    lastError = line;
    console.error(line);
  });

  const uri = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /listening on (mongodb:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once('error', reject);
    void exited.then((code) =>
      reject(new DevDbStartError(`devdb exited with code ${code} before it was ready: ${lastError}`, port, lastError)),
    );
  });

  return {
    uri,
    process: child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
