// The merchant webhook scenario: the bench's worker runs no consumers (its figures are the gateway callbacks'), so
// this scenario starts a second worker with the fan-out consumer on queues of its own for its window alone, and
// removes it and its queues afterwards.
import { connect as connectAmqp } from 'amqplib';
import { consumerTopologyOf } from '@ppm/messaging';
import { settle } from './bench-database';
import { servers } from './bench-settings';
import { freePort, startBenchApp } from './bench-stack';
import type { PpmScenario } from './ppm-scenarios';

const RETRY_DELAYS_MS = [1_000, 10_000];
const TOPOLOGIES = ['merchant-webhooks', 'tenant-data-deletion'].map((consumer) =>
  consumerTopologyOf({
    queue: `ppm.worker.${consumer}.bench`,
    bindings: [],
    retryDelaysMs: RETRY_DELAYS_MS,
    deliveryLimit: 4,
  }),
);

/** Starts the fan-out worker; the function it returns stops it. */
async function startFanOutWorker(): Promise<() => Promise<void>> {
  const [fanOut, deletion] = TOPOLOGIES;
  const worker = await startBenchApp('worker', await freePort(), {
    JOBS_ENABLED: 'false',
    NOTIFICATIONS_ENABLED: 'false',
    CONSUMER_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
    MERCHANT_WEBHOOK_FANOUT_QUEUE: fanOut?.queue ?? '',
    TENANT_DELETION_QUEUE: deletion?.queue ?? '',
  });
  // A bench that fails mid-scenario never reaches `after`: the worker must not outlive it.
  const killAtExit = (): void => {
    process.kill(worker.pid, 'SIGKILL');
  };
  process.once('exit', killAtExit);
  return async () => {
    process.off('exit', killAtExit);
    await worker.stop();
  };
}

async function deleteTopology(): Promise<void> {
  const model = await connectAmqp(servers.amqpUrl);
  try {
    const channel = await model.createChannel();
    for (const topology of TOPOLOGIES) {
      for (const queue of [topology.queue, topology.deadLetterQueue, ...topology.retryQueues.map((q) => q.name)]) {
        await channel.deleteQueue(queue);
      }
      await channel.deleteExchange(topology.retryExchange);
    }
  } finally {
    await model.close();
  }
}

/** Deliveries per second to a receiver of the bench's own, and event → delivery P50/P95/P99. */
export function merchantWebhookScenario(): PpmScenario {
  let stopWorker: (() => Promise<void>) | undefined;
  return {
    // Last in the table: its endpoint would otherwise take every later scenario's payment.created too.
    id: 'merchant-webhook',
    title: 'merchant webhook: payment.process → payment.created at a local receiver',
    group: 'writes',
    before: async () => {
      await settle();
      stopWorker = await startFanOutWorker();
    },
    workload: (run) => ({
      kind: 'merchant-webhook',
      tenantId: run.tenantId,
      configurationIds: run.configurations.map((c) => c.id),
    }),
    load: { concurrency: 32, durationMs: 6_000, warmupMs: 1_000 },
    after: async () => {
      await stopWorker?.();
      await deleteTopology();
    },
    figure: {
      ceiling: 'pg',
      floor: { text: 'P95 < 5 s', maxP95Ms: 5_000 },
      aim: { text: '≥ 200/s, P99 < 1 s', minThroughput: 200, maxP99Ms: 1_000 },
    },
  };
}
