import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisClient, RedisRiskCounters } from '@ppm/cache';
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
import {
  RISK_COUNTERS,
  RISK_DECISIONS,
  RISK_RULE_SETS,
  type GatewayConfigurationRepository,
  type RiskRuleSetRepository,
} from '@ppm/domain';
import type { CommandConfig } from './command.config';
import { Clock } from './shared/clock';
import type { GatewayEndpoints } from './shared/gateway-accounts';
import { GatewayConfigurationCache } from './shared/gateway-configuration-cache';
import { GATEWAY_ENDPOINTS } from './shared/gateway-endpoints.token';
import { outboxRelayProvider } from './relay/outbox-relay.provider';
import { RiskRuleSetCache } from './payments/risk/risk-rule-set-cache';
import { GATEWAY_CONFIGURATIONS, PAYMENT_TRANSACTIONS } from './shared/repository.tokens';
import { WEBHOOK_ENDPOINT_SETTINGS, type WebhookEndpointSettings } from './webhook-endpoints/webhook-endpoint-settings';

// Configurations new payments are decided on: a tenant rarely has more than a few, and each is checked by the
// payment's insert, so the lifetime only bounds how long unused credentials stay in memory.
const CONFIGURATION_CACHE = { maxEntries: 10_000, ttlMs: 5 * 60_000 };
// Risk rule sets, one per tenant, likewise checked by each payment's insert: the lifetime bounds the memory of
// tenants gone quiet.
const RISK_RULE_CACHE = { maxEntries: 10_000, ttlMs: 5 * 60_000 };

/** The command service's plumbing: repositories, outbox writer and relay, credential cipher, idempotency keys. */
export function commandInfrastructure(config: CommandConfig): Provider[] {
  return [
    { provide: OutboxWriter, useValue: new OutboxWriter() },
    // Payment writes in this process wake an in-process relay directly instead of through NOTIFY.
    ...(config.OUTBOX_RELAY === 'in-process' ? [outboxRelayProvider(config, true)] : []),
    { provide: CredentialCipher, useFactory: () => CredentialCipher.fromKeyring(config.PPM_ENCRYPTION_KEYS) },
    {
      provide: IdempotencyStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) =>
        new IdempotencyStore(dataSource, { ttlMs: config.IDEMPOTENCY_TTL_HOURS * 3_600_000, lockMs: 60_000 }),
    },
    {
      provide: PAYMENT_TRANSACTIONS,
      inject: [DataSource, OutboxWriter, IdempotencyStore],
      useFactory: (dataSource: DataSource, outbox: OutboxWriter, keys: IdempotencyStore) =>
        new PostgresPaymentTransactionRepository(dataSource, outbox, keys),
    },
    {
      provide: GatewayConfigurationCache,
      inject: [GATEWAY_CONFIGURATIONS, Clock],
      useFactory: (configurations: GatewayConfigurationRepository, clock: Clock) =>
        new GatewayConfigurationCache(configurations, CONFIGURATION_CACHE, clock),
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
      provide: RiskRuleSetCache,
      inject: [RISK_RULE_SETS, Clock],
      useFactory: (ruleSets: RiskRuleSetRepository, clock: Clock) =>
        new RiskRuleSetCache(ruleSets, RISK_RULE_CACHE, clock),
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
