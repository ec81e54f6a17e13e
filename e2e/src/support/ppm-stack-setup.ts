import { randomUUID } from 'node:crypto';
import { consumerTopologyOf, NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import type { StackOptions as TestStackOptions } from '@ppm/testing';
import { TENANT_DELETION_KEY } from './billing-events';
import type { StackOptions } from './ppm-stack-types';

const CONSUMER_RETRY_DELAYS_MS = [200, 1_000];

/** How a PpmStack is started: its run's id, the billing exchange of its own and what its TestStack runs. */
export interface PpmStackSetup {
  run: string;
  billingExchange: string;
  stackOptions: TestStackOptions;
}

/**
 * The sandbox, command, query and worker as the flows need them: quick polls, retries and jobs, and queues and a
 * billing exchange named after the run, so no other test's worker consumes what this stack is sent.
 */
export function ppmStackSetup(options: StackOptions): PpmStackSetup {
  const run = randomUUID().slice(0, 8);
  const billingExchange = `bum.events.e2e-${run}`;
  const invalidationQueue = `ppm.query.cache-invalidation.e2e-${run}`;
  const deletion = consumerTopologyOf({
    queue: `ppm.worker.tenant-data-deletion.e2e-${run}`,
    bindings: [],
    retryDelaysMs: CONSUMER_RETRY_DELAYS_MS,
    deliveryLimit: 1,
  });
  const stackOptions: TestStackOptions = {
    name: `flows-e2e-${run}`,
    migrate: migrateDatabase,
    privateRabbitMq: options.privateRabbitMq,
    privateRedis: options.privateRedis,
    privatePostgres: options.privatePostgres,
    readReplica: options.readReplica,
    privateNats: options.privateNats,
    hops: options.hops,
    requester: {
      connect: (settings) => NatsRequester.connect(settings),
      requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    },
    commonEnv: { LOG_LEVEL: 'warn' },
    sandbox: { SANDBOX_REDELIVERY_INTERVAL_MS: '250', SANDBOX_ZALOPAY_REFUND_DELAY_MS: '150', ...options.sandboxEnv },
    apps: {
      command: {
        GATEWAY_TIMEOUT_MS: '5000',
        GATEWAY_BREAKER_RESET_MS: '1000',
        OUTBOX_POLL_INTERVAL_MS: '100',
      },
      query: { CACHE_INVALIDATION_QUEUE: invalidationQueue, CACHE_BREAKER_RESET_MS: '500' },
      worker: {
        WEBHOOK_APPLY_TIMEOUT_MS: '3000',
        WEBHOOK_RETRY_DELAY_MS: '300',
        JOB_LEASE_TTL_MS: '3000',
        JOB_STUCK_PAYMENT_INTERVAL_MS: '500',
        JOB_STUCK_PAYMENT_AGE_MS: String(options.stuckPaymentAgeMs ?? 2_000),
        JOB_WEBHOOK_RETRY_INTERVAL_MS: '300',
        CONSUMER_RETRY_DELAYS_MS: CONSUMER_RETRY_DELAYS_MS.join(','),
        TENANT_DELETION_EXCHANGE: billingExchange,
        TENANT_DELETION_ROUTING_KEY: TENANT_DELETION_KEY,
        TENANT_DELETION_QUEUE: deletion.queue,
        NOTIFICATIONS_ENABLED: 'false',
        ...options.workerEnv,
      },
    },
    sharedTopology: {
      queues: [invalidationQueue, deletion.queue, deletion.deadLetterQueue, ...deletion.retryQueues.map((q) => q.name)],
      exchanges: [deletion.retryExchange, billingExchange],
    },
  };
  return { run, billingExchange, stackOptions };
}
