import type { Provider } from '@nestjs/common';
import { NatsRequester, type RetryLadder } from '@ppm/messaging';
import { WebhookFanOut } from '@ppm/persistence';
import { MetricsRegistry } from '@ppm/observability';
import type { WorkerConfig } from '../worker.config';
import { CONSUMER_SETTINGS, type ConsumerSettings } from './consumer-settings';
import { MERCHANT_WEBHOOKS_QUEUE, MerchantWebhooksConsumer } from './merchant-webhooks/merchant-webhooks.consumer';
import { WebhookEventDataReader } from './merchant-webhooks/webhook-event-data-reader';
import { NotificationSender } from './payment-notifications/notification-sender';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './payment-notifications/notification-settings';
import { PaymentNotificationsConsumer } from './payment-notifications/payment-notifications.consumer';
import { TenantDataDeletionConsumer } from './tenant-data-deletion/tenant-data-deletion.consumer';

/** Deliveries of one message that end unacknowledged (its handler crashed the process) before the broker gives up. */
const CONSUMER_DELIVERY_LIMIT = 10;

/** The worker's consumers, which the ConsumerHost finds and runs, and their settings. */
export function consumerProviders(config: WorkerConfig): Provider[] {
  const retry: RetryLadder = {
    kind: 'retry-ladder',
    retryDelaysMs: config.CONSUMER_RETRY_DELAYS_MS,
    maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
    // Part of the work queue's arguments (changing it on a live queue fails with 406): not a setting.
    deliveryLimit: CONSUMER_DELIVERY_LIMIT,
  };
  return [
    {
      provide: CONSUMER_SETTINGS,
      useValue: {
        prefetch: config.CONSUMER_PREFETCH,
        retry,
        tenantDeletion: {
          queue: config.TENANT_DELETION_QUEUE,
          binding: {
            exchange: config.TENANT_DELETION_EXCHANGE,
            exchangeType: config.TENANT_DELETION_EXCHANGE_TYPE,
            routingKey: config.TENANT_DELETION_ROUTING_KEY,
          },
        },
        purgeTimeoutMs: config.TENANT_PURGE_TIMEOUT_MS,
      } satisfies ConsumerSettings,
    },
    {
      provide: NOTIFICATION_SETTINGS,
      useValue: {
        enabled: config.NOTIFICATIONS_ENABLED,
        queue: config.NOTIFICATION_QUEUE,
        prefetch: config.CONSUMER_PREFETCH,
        retry,
        subject: config.NOTIFICATION_SUBJECT,
        timeoutMs: config.NOTIFICATION_TIMEOUT_MS,
        // Opens only on a sustained failure rate (10 requests in 30 s, half failing), not on one lost reply.
        breaker: {
          volumeThreshold: 10,
          errorThresholdPercentage: 50,
          resetTimeoutMs: config.NOTIFICATION_BREAKER_RESET_MS,
          rollingCountTimeoutMs: 30_000,
        },
      } satisfies NotificationSettings,
    },
    {
      provide: NotificationSender,
      inject: [NatsRequester, NOTIFICATION_SETTINGS, MetricsRegistry],
      useFactory: (nats: NatsRequester, settings: NotificationSettings, registry: MetricsRegistry) =>
        new NotificationSender(nats, settings, registry),
    },
    { provide: MERCHANT_WEBHOOKS_QUEUE, useValue: config.MERCHANT_WEBHOOK_FANOUT_QUEUE },
    { provide: WebhookFanOut, useValue: new WebhookFanOut() },
    { provide: WebhookEventDataReader, useValue: new WebhookEventDataReader() },
    TenantDataDeletionConsumer,
    PaymentNotificationsConsumer,
    MerchantWebhooksConsumer,
  ];
}
