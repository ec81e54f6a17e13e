import type { JobRun } from './scheduled-job';

/**
 * Runs `deleteBatch` until a batch comes back short (nothing more to delete) or the run is interrupted, adding each
 * batch to `counts[count]` as it goes, so a run that fails halfway still records what it deleted. Batches keep each
 * statement's locks short.
 */
export async function deleteInBatches<K extends string>(
  run: JobRun,
  counts: Record<K, number>,
  count: K,
  batchSize: number,
  deleteBatch: () => Promise<number>,
): Promise<void> {
  while (!run.signal.aborted) {
    const deleted = await deleteBatch();
    counts[count] += deleted;
    if (deleted < batchSize) break;
  }
}
