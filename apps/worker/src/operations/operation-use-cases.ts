import type { Provider, Type } from '@nestjs/common';
import { ConsumerHost } from '@ppm/messaging';
import { ReconciliationMetrics, ReconciliationRunner } from '@ppm/reconciliation';
import { DataSource } from 'typeorm';
import { DeadLetterQueues } from '../dead-letters/dead-letter-queues';
import { ListDeadLetterQueuesHandler } from '../dead-letters/list-dead-letter-queues/list-dead-letter-queues.handler';
import { ListDeadLetterQueuesNatsController } from '../dead-letters/list-dead-letter-queues/list-dead-letter-queues.nats.controller';
import { PeekDeadLettersHandler } from '../dead-letters/peek-dead-letters/peek-dead-letters.handler';
import { PeekDeadLettersNatsController } from '../dead-letters/peek-dead-letters/peek-dead-letters.nats.controller';
import { ReplayDeadLettersHandler } from '../dead-letters/replay-dead-letters/replay-dead-letters.handler';
import { ReplayDeadLettersNatsController } from '../dead-letters/replay-dead-letters/replay-dead-letters.nats.controller';
import { ListJobsHandler } from '../jobs/list-jobs/list-jobs.handler';
import { ListJobsNatsController } from '../jobs/list-jobs/list-jobs.nats.controller';
import { RunJobHandler } from '../jobs/run-job/run-job.handler';
import { RunJobNatsController } from '../jobs/run-job/run-job.nats.controller';
import { SyncTransactionHandler } from '../payments/sync-transaction/sync-transaction.handler';
import { SyncTransactionNatsController } from '../payments/sync-transaction/sync-transaction.nats.controller';
import {
  COMPARE_ONLY_RECONCILIATION_RUNNER,
  StartReconciliationHandler,
} from '../reconciliations/start-reconciliation/start-reconciliation.handler';
import { StartReconciliationNatsController } from '../reconciliations/start-reconciliation/start-reconciliation.nats.controller';
import { ReplayGatewayIpnHandler } from '../webhooks/replay-gateway-ipn/replay-gateway-ipn.handler';
import { ReplayGatewayIpnNatsController } from '../webhooks/replay-gateway-ipn/replay-gateway-ipn.nats.controller';
import type { WorkerConfig } from '../worker.config';
import { OperatorActionAudit } from './operator-action-audit';

/** The NATS controllers of the operator actions the worker answers (WorkerServedSubjects). */
export const operationControllers: Type<unknown>[] = [
  ListJobsNatsController,
  RunJobNatsController,
  ReplayGatewayIpnNatsController,
  ListDeadLetterQueuesNatsController,
  PeekDeadLettersNatsController,
  ReplayDeadLettersNatsController,
  SyncTransactionNatsController,
  StartReconciliationNatsController,
];

/** Their handlers and what they share. */
export function operationProviders(config: WorkerConfig): Provider[] {
  return [
    ListJobsHandler,
    RunJobHandler,
    ReplayGatewayIpnHandler,
    ListDeadLetterQueuesHandler,
    PeekDeadLettersHandler,
    ReplayDeadLettersHandler,
    SyncTransactionHandler,
    StartReconciliationHandler,
    OperatorActionAudit,
    {
      provide: COMPARE_ONLY_RECONCILIATION_RUNNER,
      inject: [DataSource, ReconciliationMetrics],
      useFactory: (dataSource: DataSource, metrics: ReconciliationMetrics) =>
        new ReconciliationRunner(dataSource, null, metrics),
    },
    {
      provide: DeadLetterQueues,
      inject: [ConsumerHost],
      useFactory: (host: ConsumerHost) =>
        new DeadLetterQueues({
          url: config.DEAD_LETTER_AMQP_URL,
          workQueues: () => [...host.deadLetteringQueues(), ...config.DEAD_LETTER_OTHER_QUEUES],
        }),
    },
  ];
}
