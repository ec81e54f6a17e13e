import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { gatewayUrlSettingsOf, GatewaysModule } from '@ppm/gateways';
import {
  natsCredentialsOf,
  NatsRequester,
  NatsRequesterModule,
  RabbitMqConnection,
  RabbitMqModule,
} from '@ppm/messaging';
import { ObservabilityModule, type ReadinessCheck } from '@ppm/observability';
import {
  CallbackPaymentLookup,
  CredentialCipher,
  DatabaseModule,
  databaseReadinessCheck,
  OutboxWriter,
  PostgresGatewayConfigurationRepository,
  PostgresPaymentTransactionRepository,
  WebhookEventStore,
} from '@ppm/persistence';
import { ConsumersModule } from './consumers/consumers.module';
import { PaymentNotifications } from './consumers/payment-notifications/payment-notifications';
import { PaymentNotificationsModule } from './consumers/payment-notifications/payment-notifications.module';
import { WorkerConsumers } from './consumers/worker-consumers';
import { jobProviders } from './jobs/job.providers';
import { MerchantWebhooksModule } from './merchant-webhooks/merchant-webhooks.module';
import { BrowserReturn } from './returns/browser-return';
import { GatewayReturnHttpController } from './returns/gateway-return.http.controller';
import { RETURN_SETTINGS, type ReturnSettings } from './returns/return-settings';
import { GATEWAY_CONFIGURATIONS, PAYMENT_TRANSACTIONS } from './shared/repository.tokens';
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

/** Deliveries of one message that end unacknowledged (its handler crashed the process) before the broker gives up. */
const CONSUMER_DELIVERY_LIMIT = 10;

/** One readiness check that passes when all of `checks` pass (the consumers report under one name). */
function allReady(name: string, checks: readonly ReadinessCheck[]): ReadinessCheck {
  return { name, check: async () => void (await Promise.all(checks.map((c) => c.check()))) };
}

/** The worker: gateway webhooks over HTTP, scheduled jobs, RabbitMQ consumers; changes state only via commands. */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ObservabilityModule.forRoot('worker', {
          inject: [DataSource, RabbitMqConnection, NatsRequester, WorkerConsumers, PaymentNotifications],
          useFactory: (
            dataSource: DataSource,
            rabbit: RabbitMqConnection,
            nats: NatsRequester,
            consumers: WorkerConsumers,
            notifications: PaymentNotifications,
          ) => [
            databaseReadinessCheck(dataSource),
            rabbit.readinessCheck(),
            nats.readinessCheck(),
            allReady('rabbitmq-consumers', [consumers.readinessCheck(), notifications.readinessCheck()]),
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
        ConsumersModule.forRoot({
          enabled: config.CONSUMERS_ENABLED,
          amqpUrl: config.AMQP_URL,
          prefetch: config.CONSUMER_PREFETCH,
          retryDelaysMs: config.CONSUMER_RETRY_DELAYS_MS,
          maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
          // Part of the work queue's arguments (changing it on a live queue fails with 406): not a setting.
          deliveryLimit: CONSUMER_DELIVERY_LIMIT,
          tenantDeletion: {
            queue: config.TENANT_DELETION_QUEUE,
            binding: {
              exchange: config.TENANT_DELETION_EXCHANGE,
              exchangeType: config.TENANT_DELETION_EXCHANGE_TYPE,
              routingKey: config.TENANT_DELETION_ROUTING_KEY,
            },
          },
          purgeTimeoutMs: config.TENANT_PURGE_TIMEOUT_MS,
        }),
        PaymentNotificationsModule.forRoot({
          enabled: config.CONSUMERS_ENABLED && config.NOTIFICATIONS_ENABLED,
          amqpUrl: config.AMQP_URL,
          queue: config.NOTIFICATION_QUEUE,
          prefetch: config.CONSUMER_PREFETCH,
          retryDelaysMs: config.CONSUMER_RETRY_DELAYS_MS,
          maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
          deliveryLimit: CONSUMER_DELIVERY_LIMIT,
          subject: config.NOTIFICATION_SUBJECT,
          timeoutMs: config.NOTIFICATION_TIMEOUT_MS,
          // Opens only on a sustained failure rate (10 requests in 30 s, half failing), not on one lost reply.
          breaker: {
            volumeThreshold: 10,
            errorThresholdPercentage: 50,
            resetTimeoutMs: config.NOTIFICATION_BREAKER_RESET_MS,
            rollingCountTimeoutMs: 30_000,
          },
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
      controllers: [GatewayWebhookHttpController, GatewayReturnHttpController],
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
          provide: GATEWAY_CONFIGURATIONS,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new PostgresGatewayConfigurationRepository(
              dataSource,
              new OutboxWriter(),
              CredentialCipher.fromKeyring(config.PPM_ENCRYPTION_KEYS),
            ),
        },
        BrowserReturn,
        {
          provide: PAYMENT_TRANSACTIONS,
          inject: [DataSource],
          // Read-only here: nothing is saved, so its outbox writer never writes.
          useFactory: (dataSource: DataSource) =>
            new PostgresPaymentTransactionRepository(dataSource, new OutboxWriter()),
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
            },
          } satisfies WebhookAdmissionSettings,
        },
        ...jobProviders(config),
      ],
    };
  }
}
