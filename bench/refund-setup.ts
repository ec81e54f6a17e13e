// Refunds need orders the sandbox knows as paid: a set-up run (not measured) pays some and completes them at the
// sandbox, and hands them to the refund scenario that follows.
import type { BenchPayment } from './bench-scenario';
import { say } from './bench-settings';
import { completeAtSandbox } from './bench-stack';
import type { BenchRun, PpmScenario } from './ppm-scenarios';

async function forEachConcurrently<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** A set-up scenario paying 300 orders through NATS and completing them at the sandbox; `keep` takes them. */
export function refundSetUpScenario(id: string, keep: (run: BenchRun, paid: BenchPayment[]) => void): PpmScenario {
  return {
    id,
    title: `${id} payments`,
    group: 'writes',
    before: () => Promise.resolve(say(`${id}: payments completed at the sandbox`)),
    workload: (run) => ({ kind: 'payment-process', tenantId: run.tenantId, configurations: run.configurations }),
    load: { concurrency: 32, durationMs: 20_000, warmupMs: 0, maxOperations: 300 },
    after: async (run, result) => {
      const paid = result.payments ?? [];
      await forEachConcurrently(paid, 16, async (payment) => {
        await completeAtSandbox(run.sandboxUrl, payment);
        run.completed += 1;
      });
      keep(run, paid);
      say(`${id}: ${paid.length} payments paid`);
    },
  };
}
