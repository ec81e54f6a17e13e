/**
 * Coalesces concurrent work on one key within this process: while a call for a key runs, later calls for the same
 * key share its promise instead of starting their own (one database read per key per instance under a burst).
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  /** Runs `work` for `key`, or joins the run already in progress; `joined` says which. */
  run(key: string, work: () => Promise<T>): { result: Promise<T>; joined: boolean } {
    const running = this.flights.get(key);
    if (running) return { result: running, joined: true };
    const result = Promise.resolve()
      .then(work)
      .finally(() => this.flights.delete(key));
    this.flights.set(key, result);
    return { result, joined: false };
  }

  /** Keys with work in progress. */
  get size(): number {
    return this.flights.size;
  }
}
