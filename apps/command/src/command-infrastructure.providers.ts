import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisClient, RedisRiskCounters } from '@ppm/cache';
import { OutboxRelay, RabbitMqConnection } from '@ppm/messaging';
import { MetricsRegistry } from '@ppm/observability';
import {
  CredentialCipher,
  IdempotencyStore,
  OutboxWriter,
  PostgresGatewayConfigurationRepository,
  PostgresPaymentTransactionRepository,
  PostgresRiskDecisionRepository,
  PostgresRiskRuleSetRepository,
  PostgresTenantPurger,
  WebhookDeliverySteering,
  WebhookEndpointStore,
} from '@ppm/persistence';
import { RISK_COUNTERS, RISK_DECISIONS, RISK_RULE_SETS } from '@ppm/domain';
import type { CommandConfig } from './command.config';
import type { GatewayEndpoints } from './shared/gateway-accounts';
import { GATEWAY_ENDPOINTS } from './shared/gateway-endpoints.token';
import { PaymentOutcomeMetrics } from './shared/payment-outcome-metrics';
import { GATEWAY_CONFIGURATIONS, PAYMENT_TRANSACTIONS } from './shared/repository.tokens';
import { WEBHOOK_ENDPOINT_SETTINGS, type WebhookEndpointSettings } from './webhook-endpoints/webhook-endpoint-settings';

/** The command service's plumbing: repositories, outbox writer and relay, credential cipher, idempotency keys. */
export function commandInfrastructure(config: CommandConfig): Provider[] {
  return [
    { provide: OutboxWriter, useValue: new OutboxWriter() },
    {
      provide: OutboxRelay,
      inject: [DataSource, RabbitMqConnection, MetricsRegistry, OutboxWriter],
      useFactory: (
        dataSource: DataSource,
        rabbit: RabbitMqConnection,
        metrics: MetricsRegistry,
        outbox: OutboxWriter,
      ) => {
        const relay = new OutboxRelay(
          dataSource,
          rabbit,
          {
            databaseUrl: config.DATABASE_URL,
            batchSize: config.OUTBOX_BATCH_SIZE,
            pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
            leaseMs: 30_000,
            retentionMs: 7 * 24 * 3_600_000,
            parkAfterAttempts: config.OUTBOX_PARK_AFTER_ATTEMPTS,
          },
          metrics,
        );
        // Payment writes in this process wake the relay directly instead of through NOTIFY.
        relay.wakeOnCommitsOf(outbox);
        const outcomes = new PaymentOutcomeMetrics(metrics);
        relay.onPublished((event) => outcomes.count(event));
        return relay;
      },
    },
    { provide: CredentialCipher, useFactory: () => CredentialCipher.fromKeyring(config.PPM_ENCRYPTION_KEYS) },
    {
      provide: IdempotencyStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) =>
        new IdempotencyStore(dataSource, { ttlMs: config.IDEMPOTENCY_TTL_HOURS * 3_600_000, lockMs: 60_000 }),
    },
    {
      provide: PAYMENT_TRANSACTIONS,
      inject: [DataSource, OutboxWriter],
      useFactory: (dataSource: DataSource, outbox: OutboxWriter) =>
        new PostgresPaymentTransactionRepository(dataSource, outbox),
    },
    {
      provide: GATEWAY_CONFIGURATIONS,
      inject: [DataSource, OutboxWriter, CredentialCipher],
      useFactory: (dataSource: DataSource, outbox: OutboxWriter, cipher: CredentialCipher) =>
        new PostgresGatewayConfigurationRepository(dataSource, outbox, cipher),
    },
    {
      provide: RISK_RULE_SETS,
      inject: [DataSource, OutboxWriter],
      useFactory: (dataSource: DataSource, outbox: OutboxWriter) =>
        new PostgresRiskRuleSetRepository(dataSource, outbox),
    },
    {
      provide: RISK_DECISIONS,
      inject: [DataSource, OutboxWriter],
      useFactory: (dataSource: DataSource, outbox: OutboxWriter) =>
        new PostgresRiskDecisionRepository(dataSource, outbox),
    },
    {
      provide: RISK_COUNTERS,
      inject: [RedisClient],
      useFactory: (redis: RedisClient) => new RedisRiskCounters(redis, config.RISK_COUNTERS_TIMEOUT_MS),
    },
    {
      provide: GATEWAY_ENDPOINTS,
      useValue: {
        defaultBaseUrl: config.GATEWAY_DEFAULT_BASE_URL,
        workerPublicUrl: config.WORKER_PUBLIC_URL,
      } satisfies GatewayEndpoints,
    },
    {
      provide: PostgresTenantPurger,
      inject: [DataSource, OutboxWriter],
      useFactory: (dataSource: DataSource, outbox: OutboxWriter) => new PostgresTenantPurger(dataSource, outbox),
    },
    {
      provide: WebhookEndpointStore,
      inject: [DataSource, OutboxWriter, CredentialCipher],
      useFactory: (dataSource: DataSource, outbox: OutboxWriter, cipher: CredentialCipher) =>
        new WebhookEndpointStore(dataSource, outbox, cipher),
    },
    {
      provide: WebhookDeliverySteering,
      inject: [DataSource, OutboxWriter],
      useFactory: (dataSource: DataSource, outbox: OutboxWriter) => new WebhookDeliverySteering(dataSource, outbox),
    },
    {
      provide: WEBHOOK_ENDPOINT_SETTINGS,
      useValue: {
        perTenantLimit: config.WEBHOOK_ENDPOINTS_PER_TENANT,
        production: config.NODE_ENV === 'production',
        rotationOverlapMs: config.WEBHOOK_SECRET_ROTATION_OVERLAP_MS,
      } satisfies WebhookEndpointSettings,
    },
  ];
}
