import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { RedisClient, RedisModule } from '@ppm/cache';
import { Subjects } from '@ppm/contracts';
import { NatsRequester, NatsRequesterModule, systemPingNatsController } from '@ppm/messaging';
import { ObservabilityModule } from '@ppm/observability';
import { DatabaseModule, databaseReadinessCheck } from '@ppm/persistence';
import type { QueryConfig } from './query.config';

/** The query service: reads over NATS from Postgres behind a Redis cache. */
@Module({})
export class QueryModule {
  static forRoot(config: QueryConfig): DynamicModule {
    return {
      module: QueryModule,
      imports: [
        ObservabilityModule.forRoot('query', {
          inject: [DataSource, RedisClient, NatsRequester],
          useFactory: (dataSource: DataSource, redis: RedisClient, nats: NatsRequester) => [
            databaseReadinessCheck(dataSource),
            redis.readinessCheck(),
            nats.readinessCheck(),
          ],
        }),
        DatabaseModule.forRoot({
          url: config.DATABASE_READ_URL ?? config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          name: 'ppm-query',
        }),
        RedisModule.forRoot(config.REDIS_URL, 'ppm-query'),
        NatsRequesterModule.forRoot({
          url: config.NATS_URL,
          name: 'ppm-query',
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
        }),
        CqrsModule.forRoot(),
      ],
      controllers: [systemPingNatsController(Subjects.query.systemPing)],
    };
  }
}
