import { eventually } from '@ppm/testing';

/**
 * Work items run in the background with bounded concurrency, so a test can inject a fault once a given number is
 * done while the rest keeps flowing. A failed item is kept (not thrown), to be counted or reported at the end.
 */
export class Traffic<T> {
  done = 0;
  readonly failures: { item: T; error: string }[] = [];
  readonly finished: Promise<void>;

  /** `pauseMs` spreads the items out in time, so a fault that takes seconds to happen still lands mid-traffic. */
  constructor(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>, pauseMs = 0) {
    const queue = [...items];
    const lane = async (): Promise<void> => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        try {
          await run(item);
        } catch (error) {
          this.failures.push({ item, error: error instanceof Error ? error.message : String(error) });
        }
        this.done += 1;
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    };
    this.finished = Promise.all(Array.from({ length: concurrency }, lane)).then(() => undefined);
  }

  /** Resolves once `count` items are done (successfully or not). */
  async reached(count: number, timeoutMs = 60_000): Promise<void> {
    await eventually(
      () => this.done,
      (done) => done >= count,
      { what: `${count} items of traffic done`, timeoutMs },
    );
  }
}
