/**
 * Background work done every `intervalMs`, one round at a time: a round that
 * runs long delays the next rather than overlapping it. `stop` clears the
 * timer and waits for the round under way, so nothing it started outlives it.
 */
export class Repeating {
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    if (this.stopped || this.timer) return;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.round = this.task()
        .catch(this.onError)
        .finally(() => {
          this.round = undefined;
          if (!this.stopped) this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }
}
