import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../../../platform/logger.js';
import type { UsageCounts, UsageReport } from './UsageCounts.js';

/** Writes the report so that a reader never sees half of it: a temporary file, then a rename over the old one. */
export async function writeUsageReport(path: string, report: UsageReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(report, null, 2)}\n`);
  await rename(temporary, path);
}

/** The report left by an earlier run, or undefined when there is none. */
export function readUsageReport(path: string): UsageReport | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const report = JSON.parse(text) as UsageReport;
  if (report.schemaVersion !== 1 || !Array.isArray(report.entries)) {
    throw new Error(`${path} is not a usage report of schemaVersion 1`);
  }
  return report;
}

/**
 * Keeps the report file current: rewrites it every `intervalMs` once started,
 * and once more when stopped.
 */
export class UsageReportFile {
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly counts: UsageCounts,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.write(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.write();
  }

  /** Writes one at a time, so that two writes never race on the temporary file. */
  write(): Promise<void> {
    this.writing = this.writing.then(async () => {
      try {
        await writeUsageReport(this.path, this.counts.report());
      } catch (err) {
        this.logger.error({ err, path: this.path }, 'could not write the deprecated-usage report');
      }
    });
    return this.writing;
  }
}
