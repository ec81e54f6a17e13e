import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GatewaysModule } from '@ppm/gateways';
import { NatsRequester, NatsRequesterModule, RabbitMqConnection, RabbitMqModule } from '@ppm/messaging';
import { ObservabilityModule } from '@ppm/observability';
import {
  CredentialCipher,
  DatabaseModule,
  databaseReadinessCheck,
  OutboxWriter,
  PostgresGatewayConfigurationRepository,
  WebhookEventStore,
} from '@ppm/persistence';
import { jobProviders } from './jobs/job.providers';
import { GATEWAY_CONFIGURATIONS } from './shared/repository.tokens';
import { GatewayWebhookIntake } from './webhooks/receive-gateway-webhook/gateway-webhook-intake';
import { GatewayWebhookHttpController } from './webhooks/receive-gateway-webhook/gateway-webhook.http.controller';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhooks/receive-gateway-webhook/webhook-settings';
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
        // Only callback verification is used here; the worker never calls a gateway itself.
        GatewaysModule.forRoot({
          timeoutMs: 10_000,
          retries: 0,
          retryBaseDelayMs: 200,
          errorThresholdPercentage: 50,
          volumeThreshold: 5,
          resetTimeoutMs: 30_000,
          rollingCountTimeoutMs: 10_000,
          maxBreakers: 100,
        }),
      ],
      controllers: [GatewayWebhookHttpController],
      providers: [
        GatewayWebhookIntake,
        {
          provide: WebhookEventStore,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new WebhookEventStore(dataSource),
        },
        {
          provide: GATEWAY_CONFIGURATIONS,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new PostgresGatewayConfigurationRepository(
              dataSource,
              new OutboxWriter(),
              CredentialCipher.fromKeyring(config.PPM_ENCRYPTION_KEYS),
            ),
        },
        {
          provide: WEBHOOK_SETTINGS,
          useValue: {
            applyTimeoutMs: config.WEBHOOK_APPLY_TIMEOUT_MS,
            retryDelayMs: config.WEBHOOK_RETRY_DELAY_MS,
            defaultBaseUrl: config.GATEWAY_DEFAULT_BASE_URL,
          } satisfies WebhookSettings,
        },
        ...jobProviders(config),
      ],
    };
  }
}
