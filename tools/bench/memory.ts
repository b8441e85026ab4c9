import { readFileSync } from 'node:fs';

/** A process's resident set now and at its peak, in MiB, from /proc (Linux only). */
export function readMemory(pid: number): { rssMiB: number; peakMiB: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** CPU time a process has used so far (user + system), in seconds, from /proc/<pid>/stat. */
export function readCpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which sits in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/**
 * Polls the RSS of named processes, so that each scenario can report the
 * highest level each process reached while it ran (VmHWM only knows the
 * peak over the process's whole life).
 */
export class MemorySampler {
  private peaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pids: Record<string, number>,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.peaks.clear();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops sampling; returns each process's peak RSS since start(), in MiB. */
  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(this.peaks);
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const memory = readMemory(pid);
      if (memory) this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, memory.rssMiB));
    }
  }
}
