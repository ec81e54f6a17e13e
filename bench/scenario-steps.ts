// Pieces the scenario tables share: the platform's floors, and the cached reads' hot set (warming it, reading it).
import type { Target } from './bench-report';
import type { BenchWorkload } from './bench-scenario';
import { natsRequest } from './bench-nats';
import type { BenchRun } from './ppm-scenarios';

export const QUERY_FLOOR: Target = { text: 'P95 < 200 ms at 500/s', minThroughput: 500, maxP95Ms: 200 };
export const PAYMENT_FLOOR: Target = { text: 'P95 < 1 s at 200/s', minThroughput: 200, maxP95Ms: 1_000 };
export const CACHED_GET_AIM: Target = { text: '≥ 6000/s, P99 < 10 ms', minThroughput: 6_000, maxP99Ms: 10 };

/** Reads the hot set once, so the cached scenarios read only from Redis. */
export async function warmHotSet(run: BenchRun): Promise<void> {
  for (const id of run.hot) {
    await natsRequest(run.control, 'ppm.query.transaction.get', run.seededTenant, { transactionId: id });
  }
}

/** Reads of the seeded tenant's hot set, any id any number of times: what the cached scenarios drive. */
export function hotSetReads(run: BenchRun): BenchWorkload {
  return { kind: 'transaction-get', tenantId: run.seededTenant, transactionIds: run.hot, eachOnce: false };
}
