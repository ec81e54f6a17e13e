import type { INestApplication } from '@nestjs/common';
import { QueueGroups } from '@ppm/contracts';
import { DrainingNatsServer, natsCredentialsOf } from '@ppm/messaging';
import { startService } from '@ppm/observability';
import type { WorkerConfig } from './worker.config';
import { WorkerModule } from './worker.module';

/**
 * Starts the worker's HTTP server (webhooks, probes, metrics), its NATS responder in the `ppm-worker` queue group (the
 * operator actions) and its background work.
 */
export function startWorker(config: WorkerConfig): Promise<INestApplication> {
  return startService(WorkerModule.forRoot(config), {
    service: 'worker',
    config,
    rawBody: true,
    // Only gateway callbacks carry a body here, and they are a few KB.
    bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES,
    microservice: {
      strategy: new DrainingNatsServer({
        url: config.NATS_URL,
        queue: QueueGroups.worker,
        name: 'ppm-worker-operations',
        gracePeriodMs: config.SHUTDOWN_GRACE_MS,
        credentials: natsCredentialsOf(config),
      }),
    },
  });
}
