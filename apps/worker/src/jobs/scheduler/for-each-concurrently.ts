/**
 * Runs `work` on each item with at most `concurrency` at a time, and stops starting new items once `signal` is
 * aborted (those already started finish). `work` handles its own failures.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !signal.aborted) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}
