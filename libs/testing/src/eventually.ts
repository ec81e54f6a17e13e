import { sleep } from './sleep';

/** How long `eventually` waits, and what it waits for (the failure message names it). */
export interface EventuallyOptions {
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Reads `read()` until `done(value)` holds and returns that value; past the deadline it fails with `what` and the
 * last value read, so a test waits for an outcome instead of sleeping, and a slow machine only makes it wait longer.
 */
export async function eventually<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  { what, timeoutMs = 30_000, intervalMs = 50 }: EventuallyOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not reached within ${timeoutMs} ms; last read: ${preview(value)}`);
    }
    await sleep(intervalMs);
  }
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
