import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface OwnedProcess {
  child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * A child process in its own process group, so a Ctrl-C in the terminal
 * reaches only the parent, which then stops its children in order. It is
 * killed if the parent exits first, so nothing is left behind.
 */
export function spawnOwned(command: string, args: string[], options: SpawnOptions): OwnedProcess {
  const child = spawn(command, args, { ...options, detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      process.off('exit', killOnExit);
      resolve(code);
    }),
  );
  return { child, exited };
}
