import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GATEWAY_CONFIGURATION_READER, PAYMENT_READER } from '@ppm/domain';
import { gatewayUrlSettingsOf, GatewaysModule } from '@ppm/gateways';
import {
  ConsumerHost,
  ConsumerHostModule,
  natsCredentialsOf,
  NatsRequester,
  NatsRequesterModule,
  RabbitMqConnection,
  RabbitMqModule,
} from '@ppm/messaging';
import { ObservabilityModule } from '@ppm/observability';
import {
  CallbackPaymentLookup,
  CredentialCipher,
  DatabaseModule,
  databaseReadinessCheck,
  PostgresGatewayConfigurationReader,
  PostgresPaymentReader,
  WebhookEventStore,
} from '@ppm/persistence';
import { consumerProviders } from './consumers/consumer.providers';
import { jobProviders } from './jobs/job.providers';
import { operationControllers, operationProviders } from './operations/operation-use-cases';
import { MerchantWebhooksModule } from './merchant-webhooks/merchant-webhooks.module';
import { BrowserReturn } from './returns/browser-return';
import { GatewayReturnHttpController } from './returns/gateway-return.http.controller';
import { RETURN_SETTINGS, type ReturnSettings } from './returns/return-settings';
import { GatewayCallbackVerifier } from './webhooks/receive-gateway-webhook/gateway-callback-verifier';
import { GatewayWebhookIntake } from './webhooks/receive-gateway-webhook/gateway-webhook-intake';
import { GatewayWebhookHttpController } from './webhooks/receive-gateway-webhook/gateway-webhook.http.controller';
import { WebhookAdmission } from './webhooks/receive-gateway-webhook/webhook-admission';
import { WebhookMetrics } from './webhooks/receive-gateway-webhook/webhook-metrics';
import {
  WEBHOOK_ADMISSION_SETTINGS,
  WEBHOOK_SETTINGS,
  type WebhookAdmissionSettings,
  type WebhookSettings,
} from './webhooks/receive-gateway-webhook/webhook-settings';
import type { WorkerConfig } from './worker.config';

/**
 * The worker: gateway webhooks over HTTP, scheduled jobs, RabbitMQ consumers, and over NATS the operator actions on
 * them (WorkerServedSubjects); changes payments only via commands.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ObservabilityModule.forRoot('worker', {
          inject: [DataSource, RabbitMqConnection, NatsRequester, ConsumerHost],
          useFactory: (
            dataSource: DataSource,
            rabbit: RabbitMqConnection,
            nats: NatsRequester,
            consumers: ConsumerHost,
          ) => [
            databaseReadinessCheck(dataSource),
            rabbit.readinessCheck(),
            nats.readinessCheck(),
            consumers.readinessCheck(),
          ],
        }),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, name: 'ppm-worker' }),
        NatsRequesterModule.forRoot({
          url: config.NATS_URL,
          name: 'ppm-worker',
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          credentials: natsCredentialsOf(config),
        }),
        RabbitMqModule.forRoot({ url: config.AMQP_URL, name: 'ppm-worker' }),
        ConsumerHostModule.forRoot({
          enabled: config.CONSUMERS_ENABLED,
          url: config.AMQP_URL,
          connectionName: 'ppm-worker-consumers',
          readinessName: 'rabbitmq-consumers',
        }),
        MerchantWebhooksModule.forRoot(config),
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
          urls: gatewayUrlSettingsOf(config),
        }),
      ],
      controllers: [GatewayWebhookHttpController, GatewayReturnHttpController, ...operationControllers],
      providers: [
        GatewayCallbackVerifier,
        GatewayWebhookIntake,
        WebhookAdmission,
        WebhookMetrics,
        {
          provide: WebhookEventStore,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new WebhookEventStore(dataSource),
        },
        {
          provide: CallbackPaymentLookup,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new CallbackPaymentLookup(dataSource),
        },
        {
          provide: GATEWAY_CONFIGURATION_READER,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new PostgresGatewayConfigurationReader(
              dataSource,
              CredentialCipher.fromKeyring(config.PPM_ENCRYPTION_KEYS),
            ),
        },
        BrowserReturn,
        {
          provide: PAYMENT_READER,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new PostgresPaymentReader(dataSource),
        },
        {
          provide: RETURN_SETTINGS,
          useValue: {
            defaultBaseUrl: config.GATEWAY_DEFAULT_BASE_URL,
            syncTimeoutMs: config.JOB_SYNC_TIMEOUT_MS,
            syncCooldownMs: 10_000,
          } satisfies ReturnSettings,
        },
        {
          provide: WEBHOOK_SETTINGS,
          useValue: {
            applyTimeoutMs: config.WEBHOOK_APPLY_TIMEOUT_MS,
            retryDelayMs: config.WEBHOOK_RETRY_DELAY_MS,
            defaultBaseUrl: config.GATEWAY_DEFAULT_BASE_URL,
            unverifiedMaxChars: config.WEBHOOK_UNVERIFIED_MAX_CHARS,
          } satisfies WebhookSettings,
        },
        {
          provide: WEBHOOK_ADMISSION_SETTINGS,
          useValue: {
            perSourcePerMinute: config.WEBHOOK_RATE_LIMIT_PER_SOURCE,
            perGatewayPerMinute: config.WEBHOOK_RATE_LIMIT_PER_GATEWAY,
            allowlists: {
              VNPAY: config.WEBHOOK_SOURCE_ALLOWLIST_VNPAY,
              MOMO: config.WEBHOOK_SOURCE_ALLOWLIST_MOMO,
              ZALOPAY: config.WEBHOOK_SOURCE_ALLOWLIST_ZALOPAY,
              VIETQR: config.WEBHOOK_SOURCE_ALLOWLIST_VIETQR,
            },
          } satisfies WebhookAdmissionSettings,
        },
        ...jobProviders(config),
        ...operationProviders(config),
        ...consumerProviders(config),
      ],
    };
  }
}
