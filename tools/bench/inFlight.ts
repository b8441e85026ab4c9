/**
 * Counts the requests whose body equals one already in flight: the requests a
 * gateway that merges identical in-flight queries could answer without work
 * of their own. The benchmark prints the rate per scenario, so a figure that
 * owes to such merging is seen as such.
 */
export class InFlightBodies {
  private readonly open = new Map<string, number>();
  private started = 0;
  private duplicated = 0;

  /** A request goes out; true when an identical one is still unanswered. */
  start(body: string): boolean {
    const open = this.open.get(body) ?? 0;
    this.started += 1;
    if (open > 0) this.duplicated += 1;
    this.open.set(body, open + 1);
    return open > 0;
  }

  /** Its answer came back (or it failed). */
  finish(body: string): void {
    const open = this.open.get(body) ?? 0;
    if (open <= 1) this.open.delete(body);
    else this.open.set(body, open - 1);
  }

  get requests(): number {
    return this.started;
  }

  get duplicates(): number {
    return this.duplicated;
  }

  /** The share of requests sent while an identical one was in flight, 0 to 1. */
  get rate(): number {
    return this.started === 0 ? 0 : this.duplicated / this.started;
  }
}
