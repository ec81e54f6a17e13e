import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NatsRequester, NatsRequesterModule, RabbitMqConnection, RabbitMqModule } from '@ppm/messaging';
import { ObservabilityModule } from '@ppm/observability';
import { DatabaseModule, databaseReadinessCheck } from '@ppm/persistence';
import type { WorkerConfig } from './worker.config';

/** The worker: gateway webhooks over HTTP, scheduled jobs, RabbitMQ consumers; changes state only via commands. */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ObservabilityModule.forRoot('worker', {
          inject: [DataSource, RabbitMqConnection, NatsRequester],
          useFactory: (dataSource: DataSource, rabbit: RabbitMqConnection, nats: NatsRequester) => [
            databaseReadinessCheck(dataSource),
            rabbit.readinessCheck(),
            nats.readinessCheck(),
          ],
        }),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, name: 'ppm-worker' }),
        NatsRequesterModule.forRoot({
          url: config.NATS_URL,
          name: 'ppm-worker',
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
        }),
        RabbitMqModule.forRoot({ url: config.AMQP_URL, name: 'ppm-worker' }),
      ],
    };
  }
}
