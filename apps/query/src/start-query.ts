import type { INestApplication } from '@nestjs/common';
import { QueueGroups, Subjects } from '@ppm/contracts';
import { DrainingNatsServer, natsCredentialsOf } from '@ppm/messaging';
import { startService } from '@ppm/observability';
import type { QueryConfig } from './query.config';
import { QueryModule } from './query.module';
import { CachedTransactionAnswer } from './transactions/get-transaction/cached-transaction.first-answer';

/** Starts the query service: HTTP for probes and metrics, NATS in the `ppm-query` queue group. */
export function startQuery(config: QueryConfig): Promise<INestApplication> {
  const server = new DrainingNatsServer({
    url: config.NATS_URL,
    queue: QueueGroups.query,
    name: 'ppm-query',
    gracePeriodMs: config.SHUTDOWN_GRACE_MS,
    credentials: natsCredentialsOf(config),
  });
  return startService(QueryModule.forRoot(config), {
    service: 'query',
    config,
    // A cached transaction is answered before the pipeline: the hottest read, and most of its cost was the pipeline.
    configure: (app) => server.answerFirst(Subjects.query.transactionGet, app.get(CachedTransactionAnswer)),
    microservice: { strategy: server },
  });
}
