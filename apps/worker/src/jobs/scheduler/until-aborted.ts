/**
 * Waits for `work` unless `signal` is aborted first, then resolves with `whenAborted` at once. The work itself is
 * not cancelled (a NATS request cannot be): use it only where an abandoned result is harmless, so shutdown need not
 * wait out a request timeout.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, whenAborted: T): Promise<T> {
  if (signal.aborted) return Promise.resolve(whenAborted);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => resolve(whenAborted);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
