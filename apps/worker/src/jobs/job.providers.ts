import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NatsRequester } from '@ppm/messaging';
import { MetricsRegistry } from '@ppm/observability';
import {
  IdempotencyStore,
  JobLease,
  JobRunLog,
  PendingReviewFinder,
  StuckPaymentFinder,
  WebhookRetention,
  InboxRetention,
  WebhookRetryQueue,
  WebhookDeliveryRetention,
} from '@ppm/persistence';
import {
  DueReconciliations,
  NatsSettledPaymentApplier,
  ReconciliationMetrics,
  ReconciliationRunner,
} from '@ppm/reconciliation';
import type { WorkerConfig } from '../worker.config';
import { CleanupJob } from './cleanup/cleanup.job';
import {
  RECONCILIATION_JOB_SETTINGS,
  ReconciliationJob,
  type ReconciliationJobSettings,
} from './reconciliation/reconciliation.job';
import {
  MERCHANT_WEBHOOK_RETENTION_SETTINGS,
  MerchantWebhookRetentionJob,
  type MerchantWebhookRetentionSettings,
} from './merchant-webhook-retention/merchant-webhook-retention.job';
import { JobMetrics } from './scheduler/job-metrics';
import { JobScheduler } from './scheduler/job-scheduler';
import { JOB_SETTINGS, type JobSettings } from './scheduler/job-settings';
import { LeasedJobRunner } from './scheduler/leased-job-runner';
import { SCHEDULED_JOBS, type ScheduledJob } from './scheduler/scheduled-job';
import { ReviewBacklogMetrics } from './review-expiry/review-backlog-metrics';
import { ReviewExpiryJob } from './review-expiry/review-expiry.job';
import { StuckPaymentSyncJob } from './stuck-payment-sync/stuck-payment-sync.job';
import { WebhookRetryJob } from './webhook-retry/webhook-retry.job';

const onDataSource = <T>(type: new (dataSource: DataSource) => T): Provider => ({
  provide: type,
  inject: [DataSource],
  useFactory: (dataSource: DataSource) => new type(dataSource),
});

/** The scheduled jobs, their scheduler with its cluster-wide leases, and the stores they work on. */
export function jobProviders(config: WorkerConfig): Provider[] {
  return [
    {
      provide: JOB_SETTINGS,
      useValue: {
        enabled: config.JOBS_ENABLED,
        leaseTtlMs: config.JOB_LEASE_TTL_MS,
        stuckPayments: {
          intervalMs: config.JOB_STUCK_PAYMENT_INTERVAL_MS,
          ageMs: config.JOB_STUCK_PAYMENT_AGE_MS,
          batchSize: config.JOB_STUCK_PAYMENT_BATCH_SIZE,
          concurrency: config.JOB_STUCK_PAYMENT_CONCURRENCY,
          syncTimeoutMs: config.JOB_SYNC_TIMEOUT_MS,
        },
        reviewExpiry: {
          intervalMs: config.JOB_REVIEW_EXPIRY_INTERVAL_MS,
          timeoutMinutes: config.RISK_REVIEW_TIMEOUT_MINUTES,
        },
        webhookRetry: {
          intervalMs: config.JOB_WEBHOOK_RETRY_INTERVAL_MS,
          maxAttempts: config.JOB_WEBHOOK_MAX_ATTEMPTS,
        },
        cleanup: {
          intervalMs: config.JOB_CLEANUP_INTERVAL_MS,
          webhookRetentionDays: config.WEBHOOK_RETENTION_DAYS,
          unverifiedWebhookRetentionDays: config.WEBHOOK_UNVERIFIED_RETENTION_DAYS,
          jobRunRetentionDays: config.JOB_RUN_RETENTION_DAYS,
          inboxRetentionDays: config.INBOX_RETENTION_DAYS,
        },
      } satisfies JobSettings,
    },
    onDataSource(JobLease),
    onDataSource(JobRunLog),
    onDataSource(StuckPaymentFinder),
    onDataSource(PendingReviewFinder),
    onDataSource(WebhookRetryQueue),
    onDataSource(WebhookRetention),
    onDataSource(InboxRetention),
    onDataSource(WebhookDeliveryRetention),
    {
      provide: MERCHANT_WEBHOOK_RETENTION_SETTINGS,
      useValue: {
        intervalMs: config.JOB_MERCHANT_WEBHOOK_RETENTION_INTERVAL_MS,
        retentionDays: config.MERCHANT_WEBHOOK_RETENTION_DAYS,
      } satisfies MerchantWebhookRetentionSettings,
    },
    {
      provide: IdempotencyStore,
      inject: [DataSource],
      // Only deleteExpired is used here; the keys' lifetimes are the command service's, which writes them.
      useFactory: (dataSource: DataSource) => new IdempotencyStore(dataSource, { ttlMs: 86_400_000, lockMs: 30_000 }),
    },
    {
      provide: RECONCILIATION_JOB_SETTINGS,
      useValue: {
        intervalMs: config.JOB_RECONCILIATION_INTERVAL_MS,
        time: config.RECONCILIATION_TIME,
        lookbackDays: config.RECONCILIATION_LOOKBACK_DAYS,
        retryAfterMs: config.RECONCILIATION_RETRY_AFTER_MS,
        sourceTemplate: config.RECONCILIATION_SOURCE_TEMPLATE,
        defaultBaseUrl: config.GATEWAY_DEFAULT_BASE_URL,
      } satisfies ReconciliationJobSettings,
    },
    onDataSource(DueReconciliations),
    {
      provide: ReconciliationMetrics,
      inject: [MetricsRegistry],
      useFactory: (registry: MetricsRegistry) => new ReconciliationMetrics(registry),
    },
    {
      provide: ReconciliationRunner,
      inject: [DataSource, NatsRequester, ReconciliationMetrics],
      // Late captures go through the command service, the only writer of payment state.
      useFactory: (dataSource: DataSource, nats: NatsRequester, metrics: ReconciliationMetrics) =>
        new ReconciliationRunner(dataSource, new NatsSettledPaymentApplier(nats), metrics),
    },
    ReconciliationJob,
    JobMetrics,
    LeasedJobRunner,
    StuckPaymentSyncJob,
    ReviewBacklogMetrics,
    ReviewExpiryJob,
    WebhookRetryJob,
    CleanupJob,
    MerchantWebhookRetentionJob,
    {
      provide: SCHEDULED_JOBS,
      inject: [
        StuckPaymentSyncJob,
        ReviewExpiryJob,
        WebhookRetryJob,
        CleanupJob,
        ReconciliationJob,
        MerchantWebhookRetentionJob,
      ],
      useFactory: (...jobs: ScheduledJob[]): ScheduledJob[] => jobs,
    },
    JobScheduler,
  ];
}
