import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { RedisModule } from '@ppm/cache';
import { Subjects } from '@ppm/contracts';
import { gatewayUrlSettingsOf, GatewaysModule } from '@ppm/gateways';
import {
  natsCredentialsOf,
  NatsRequester,
  NatsRequesterModule,
  RabbitMqConnection,
  RabbitMqModule,
  systemPingNatsController,
} from '@ppm/messaging';
import { ObservabilityModule } from '@ppm/observability';
import { DatabaseModule, databaseReadinessCheck } from '@ppm/persistence';
import type { CommandConfig } from './command.config';
import { commandInfrastructure } from './command-infrastructure.providers';
import { commandControllers, commandHandlers } from './command-use-cases';

/** The command service: write model over Postgres, commands over NATS, events to RabbitMQ. */
@Module({})
export class CommandModule {
  static forRoot(config: CommandConfig): DynamicModule {
    return {
      module: CommandModule,
      imports: [
        ObservabilityModule.forRoot('command', {
          inject: [DataSource, NatsRequester, RabbitMqConnection],
          useFactory: (dataSource: DataSource, nats: NatsRequester, rabbit: RabbitMqConnection) => [
            databaseReadinessCheck(dataSource),
            nats.readinessCheck(),
            rabbit.readinessCheck(),
          ],
        }),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, name: 'ppm-command' }),
        NatsRequesterModule.forRoot({
          url: config.NATS_URL,
          name: 'ppm-command',
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          credentials: natsCredentialsOf(config),
        }),
        RabbitMqModule.forRoot({ url: config.AMQP_URL, name: 'ppm-command' }),
        // The risk counters only: the command stays ready without Redis, as payments are then decided without them.
        RedisModule.forRoot(config, 'ppm-command'),
        GatewaysModule.forRoot({
          timeoutMs: config.GATEWAY_TIMEOUT_MS,
          retries: config.GATEWAY_RETRIES,
          retryBaseDelayMs: 200,
          errorThresholdPercentage: config.GATEWAY_BREAKER_ERROR_PERCENT,
          volumeThreshold: 5,
          resetTimeoutMs: config.GATEWAY_BREAKER_RESET_MS,
          rollingCountTimeoutMs: 10_000,
          maxBreakers: 1_000,
          urls: gatewayUrlSettingsOf(config),
        }),
        CqrsModule.forRoot(),
      ],
      controllers: [systemPingNatsController(Subjects.command.systemPing), ...commandControllers],
      providers: [...commandInfrastructure(config), ...commandHandlers],
    };
  }
}
