import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RabbitMqConnection, RabbitMqModule } from '@ppm/messaging';
import { ObservabilityModule } from '@ppm/observability';
import { DatabaseModule, databaseReadinessCheck } from '@ppm/persistence';
import type { CommandConfig } from '../command.config';
import { outboxRelayProvider } from './outbox-relay.provider';

/** The command service's outbox relay alone, for its own process: Postgres in, RabbitMQ out, no NATS. */
@Module({})
export class RelayModule {
  static forRoot(config: CommandConfig): DynamicModule {
    return {
      module: RelayModule,
      imports: [
        ObservabilityModule.forRoot('command-relay', {
          inject: [DataSource, RabbitMqConnection],
          useFactory: (dataSource: DataSource, rabbit: RabbitMqConnection) => [
            databaseReadinessCheck(dataSource),
            rabbit.readinessCheck(),
          ],
        }),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: 2, name: 'ppm-command-relay' }),
        RabbitMqModule.forRoot({ url: config.AMQP_URL, name: 'ppm-command-relay' }),
      ],
      providers: [outboxRelayProvider(config, false)],
    };
  }
}
