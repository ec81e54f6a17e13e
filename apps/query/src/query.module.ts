import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { RedisClient, RedisModule } from '@ppm/cache';
import { Subjects } from '@ppm/contracts';
import {
  ConsumerHost,
  ConsumerHostModule,
  natsCredentialsOf,
  NatsRequester,
  NatsRequesterModule,
  systemPingNatsController,
} from '@ppm/messaging';
import { ObservabilityModule } from '@ppm/observability';
import { DatabaseModule, databaseReadinessCheck } from '@ppm/persistence';
import type { QueryConfig } from './query.config';
import { queryInfrastructure } from './query-infrastructure.providers';
import { queryControllers, queryHandlers } from './query-use-cases';

/**
 * The query service: reads over NATS from Postgres behind a Redis cache, invalidated by PPM's events from
 * RabbitMQ. The DataSource is the primary (readiness, the consumer's inbox); reads go to DATABASE_READ_URL when set
 * (ReadModelDatabase).
 */
@Module({})
export class QueryModule {
  static forRoot(config: QueryConfig): DynamicModule {
    return {
      module: QueryModule,
      imports: [
        ObservabilityModule.forRoot('query', {
          inject: [DataSource, RedisClient, NatsRequester, ConsumerHost],
          useFactory: (dataSource: DataSource, redis: RedisClient, nats: NatsRequester, consumers: ConsumerHost) => [
            databaseReadinessCheck(dataSource),
            redis.readinessCheck(),
            nats.readinessCheck(),
            consumers.readinessCheck(),
          ],
        }),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, name: 'ppm-query' }),
        RedisModule.forRoot(config, 'ppm-query'),
        NatsRequesterModule.forRoot({
          url: config.NATS_URL,
          name: 'ppm-query',
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          credentials: natsCredentialsOf(config),
        }),
        // The query service publishes nothing: RabbitMQ is only its cache invalidation's consumer connection.
        ConsumerHostModule.forRoot({
          enabled: true,
          url: config.AMQP_URL,
          connectionName: 'ppm-query',
          readinessName: 'rabbitmq',
        }),
        CqrsModule.forRoot(),
      ],
      controllers: [systemPingNatsController(Subjects.query.systemPing), ...queryControllers],
      providers: [...queryInfrastructure(config), ...queryHandlers],
    };
  }
}
