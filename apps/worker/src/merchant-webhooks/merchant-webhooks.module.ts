import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MerchantWebhookSender } from '@ppm/gateways';
import { MetricsRegistry } from '@ppm/observability';
import { CredentialCipher, OutboxWriter, WebhookDeliveryQueue } from '@ppm/persistence';
import type { WorkerConfig } from '../worker.config';
import { DISPATCH_SETTINGS, type DispatchSettings } from './dispatch/dispatch-settings';
import { EndpointBulkheads } from './dispatch/endpoint-bulkheads';
import { MerchantWebhookDispatcher } from './dispatch/merchant-webhook-dispatcher';
import { WebhookDeliveryMetrics } from './dispatch/webhook-delivery-metrics';

/** Merchant webhooks: the dispatcher that delivers PPM's events to tenants' endpoints. */
@Module({})
export class MerchantWebhooksModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: MerchantWebhooksModule,
      providers: [
        {
          provide: DISPATCH_SETTINGS,
          useValue: {
            retryScheduleMs: config.MERCHANT_WEBHOOK_RETRY_SCHEDULE_MS,
            concurrency: config.MERCHANT_WEBHOOK_CONCURRENCY,
            endpointConcurrency: config.MERCHANT_WEBHOOK_ENDPOINT_CONCURRENCY,
            pollIntervalMs: config.MERCHANT_WEBHOOK_POLL_INTERVAL_MS,
            // A claim outlives the longest attempt, so a live dispatcher's claims never lapse under it.
            claimForMs: config.MERCHANT_WEBHOOK_TIMEOUT_MS + config.MERCHANT_WEBHOOK_CLAIM_MARGIN_MS,
            breakerResetMs: config.MERCHANT_WEBHOOK_BREAKER_RESET_MS,
          } satisfies DispatchSettings,
        },
        {
          provide: WebhookDeliveryQueue,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new WebhookDeliveryQueue(dataSource, new OutboxWriter(), config.MERCHANT_WEBHOOK_DISABLE_AFTER_MS),
        },
        {
          provide: MerchantWebhookSender,
          useValue: new MerchantWebhookSender({
            production: config.NODE_ENV === 'production',
            connectTimeoutMs: config.MERCHANT_WEBHOOK_CONNECT_TIMEOUT_MS,
            timeoutMs: config.MERCHANT_WEBHOOK_TIMEOUT_MS,
          }),
        },
        { provide: CredentialCipher, useValue: CredentialCipher.fromKeyring(config.PPM_ENCRYPTION_KEYS) },
        {
          provide: EndpointBulkheads,
          inject: [DISPATCH_SETTINGS],
          useFactory: (settings: DispatchSettings) =>
            new EndpointBulkheads({
              concurrency: settings.endpointConcurrency,
              resetTimeoutMs: settings.breakerResetMs,
            }),
        },
        {
          provide: WebhookDeliveryMetrics,
          inject: [MetricsRegistry, WebhookDeliveryQueue],
          useFactory: (registry: MetricsRegistry, queue: WebhookDeliveryQueue) =>
            new WebhookDeliveryMetrics(registry, queue),
        },
        MerchantWebhookDispatcher,
      ],
    };
  }
}
