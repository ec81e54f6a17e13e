import type { INestApplication } from '@nestjs/common';
import { startService } from '@ppm/observability';
import type { WorkerConfig } from './worker.config';
import { WorkerModule } from './worker.module';

/** Starts the worker's HTTP server (webhooks, probes, metrics) and its background work. */
export function startWorker(config: WorkerConfig): Promise<INestApplication> {
  return startService(WorkerModule.forRoot(config), {
    service: 'worker',
    config,
    rawBody: true,
    // Only gateway callbacks carry a body here, and they are a few KB.
    bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES,
  });
}
