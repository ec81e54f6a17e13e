import type { INestApplication } from '@nestjs/common';
import { QueueGroups } from '@ppm/contracts';
import { DrainingNatsServer, natsCredentialsOf } from '@ppm/messaging';
import { startService } from '@ppm/observability';
import type { QueryConfig } from './query.config';
import { QueryModule } from './query.module';

/** Starts the query service: HTTP for probes and metrics, NATS in the `ppm-query` queue group. */
export function startQuery(config: QueryConfig): Promise<INestApplication> {
  return startService(QueryModule.forRoot(config), {
    service: 'query',
    config,
    microservice: {
      strategy: new DrainingNatsServer({
        url: config.NATS_URL,
        queue: QueueGroups.query,
        name: 'ppm-query',
        gracePeriodMs: config.SHUTDOWN_GRACE_MS,
        credentials: natsCredentialsOf(config),
      }),
    },
  });
}
