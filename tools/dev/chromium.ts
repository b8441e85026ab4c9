import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';
import { StartupError } from '../../platform/startupError.js';
import { eventually } from './eventually.js';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** Test files run in parallel processes: one installs, the others wait for it. */
const INSTALL_LOCK = join(tmpdir(), 'toasties-chromium-install.lock');
const INSTALL_WAIT_MS = 15 * 60_000;
const HOW_TO_INSTALL = `install Debian's chromium (as root: apt-get update && apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium executable`;

function aptAvailable(): boolean {
  return existsSync('/usr/bin/apt-get');
}

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when set, else Debian's
 * /usr/bin/chromium, installed with apt-get when we are root and it is missing.
 * Never a downloaded browser build: only the distribution's package.
 */
export async function ensureChromium(
  env: Record<string, string | undefined> = process.env,
  log: (line: string) => void = (line) => console.log(line),
): Promise<string> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH))
      throw new StartupError(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist`);
    return env.CHROMIUM_PATH;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  if (process.getuid?.() !== 0 || !aptAvailable()) {
    throw new StartupError(
      `Chromium is needed for the browser tests and was not found at ${DEBIAN_CHROMIUM}: ${HOW_TO_INSTALL}`,
    );
  }

  try {
    mkdirSync(INSTALL_LOCK);
  } catch {
    log(`waiting for another process to install chromium (${INSTALL_LOCK})`);
    // Once the other install is over, or not at all: what counts is whether chromium is there.
    await eventually('the other install is over', async () => (existsSync(INSTALL_LOCK) ? undefined : true), {
      timeoutMs: INSTALL_WAIT_MS,
      intervalMs: 1000,
    }).catch(() => undefined);
    if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
    throw new StartupError(
      `another process was installing chromium and did not finish (remove ${INSTALL_LOCK} if none is running); ${HOW_TO_INSTALL}`,
    );
  }
  try {
    return await aptInstallChromium(log);
  } finally {
    rmSync(INSTALL_LOCK, { recursive: true, force: true });
  }
}

async function aptInstallChromium(log: (line: string) => void): Promise<string> {
  log(`Chromium not found at ${DEBIAN_CHROMIUM}: installing Debian's chromium package with apt-get (a minute or two)`);
  const run = promisify(execFile);
  const options = { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 };
  // Waits for another apt or dpkg run (a parallel install) instead of failing on its lock.
  const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
  try {
    await run('apt-get', [...lockWait, 'update'], options);
    await run('apt-get', [...lockWait, 'install', '-y', 'chromium'], options);
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr ?? String(err);
    throw new StartupError(`could not install chromium with apt-get:\n${detail}\nTo do it by hand: ${HOW_TO_INSTALL}`);
  }
  if (!existsSync(DEBIAN_CHROMIUM))
    throw new StartupError(`apt-get installed chromium but ${DEBIAN_CHROMIUM} is missing`);
  log(`installed ${DEBIAN_CHROMIUM}`);
  return DEBIAN_CHROMIUM;
}

export interface HeadlessBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile of its own, removed again on close. */
export async function launchChromium(executablePath?: string): Promise<HeadlessBrowser> {
  const path = executablePath ?? (await ensureChromium());
  const userDataDir = mkdtempSync(join(tmpdir(), 'toasties-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: path,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
