import { IsBoolean, IsInt, Matches, Max, Min } from 'class-validator';
import { WithGatewayAllowlist } from '@ppm/gateways';
import { ServiceConfig, WithDatabase, WithEncryptionKeys, WithNats, WithRabbitMq } from '@ppm/observability';
import { WithSettlementSource } from '@ppm/reconciliation';
import { WithConsumers } from './consumers/consumer.config';
import { WithDeadLetterOperations } from './dead-letters/dead-letter.config';
import { WithMerchantWebhooks } from './merchant-webhooks/merchant-webhook.config';
import { EnvironmentFlag } from './shared/environment-flag';
import { WithGatewayWebhooks } from './webhooks/gateway-webhook.config';

/**
 * Configuration of the worker: its scheduled jobs here, the gateways' webhooks, the consumers, merchant webhook
 * delivery and the dead-letter operations in their own settings.
 */
export class WorkerConfig extends WithDeadLetterOperations(
  WithMerchantWebhooks(
    WithConsumers(
      WithGatewayWebhooks(
        WithSettlementSource(
          WithGatewayAllowlist(
            WithEncryptionKeys(WithRabbitMq(WithNats(WithDatabase(ServiceConfig), 'worker'), 'worker')),
          ),
        ),
      ),
    ),
  ),
) {
  override PORT = 3002;

  /** Whether this instance runs the scheduled jobs (tests of other things turn them off). */
  @EnvironmentFlag()
  @IsBoolean()
  JOBS_ENABLED: boolean = true;

  /**
   * How long a job's cluster-wide lease lasts unrenewed: after a crash, another instance takes the job over within
   * this. The holder renews it every third of it while the job runs.
   */
  @IsInt()
  @Min(500)
  @Max(600_000)
  JOB_LEASE_TTL_MS: number = 30_000;

  /** Period of the stuck-payment sync. */
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  JOB_STUCK_PAYMENT_INTERVAL_MS: number = 60_000;

  /** A payment in flight untouched this long is asked about at its gateway (callbacks had their chance). */
  @IsInt()
  @Min(0)
  @Max(604_800_000)
  JOB_STUCK_PAYMENT_AGE_MS: number = 300_000;

  /** Payments read per page by the stuck-payment sync. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  JOB_STUCK_PAYMENT_BATCH_SIZE: number = 100;

  /** Syncs in flight at once: bounded, so the job never crowds out webhooks and commands at the command service. */
  @IsInt()
  @Min(1)
  @Max(32)
  JOB_STUCK_PAYMENT_CONCURRENCY: number = 4;

  /** How long one sync may take (it queries the gateway, with the command service's own timeout and retries). */
  @IsInt()
  @Min(100)
  @Max(120_000)
  JOB_SYNC_TIMEOUT_MS: number = 30_000;

  /** Period of the webhook retry loop. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  JOB_WEBHOOK_RETRY_INTERVAL_MS: number = 10_000;

  /** Tries of a webhook (its delivery included) before it is given up as FAILED, with an alert. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  JOB_WEBHOOK_MAX_ATTEMPTS: number = 20;

  /** Period of the review expiry job, which also refreshes the review backlog gauges. */
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  JOB_REVIEW_EXPIRY_INTERVAL_MS: number = 60_000;

  /** A payment the risk rules held for review and no operator answered this long after its creation expires. */
  @IsInt()
  @Min(1)
  @Max(60 * 24 * 30)
  RISK_REVIEW_TIMEOUT_MINUTES: number = 24 * 60;

  /** Period of the cleanup. */
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  JOB_CLEANUP_INTERVAL_MS: number = 3_600_000;

  /** Job run records are kept this long, then deleted. */
  @IsInt()
  @Min(1)
  @Max(3_650)
  JOB_RUN_RETENTION_DAYS: number = 30;

  /** Consumed event ids (consumer dedup) are kept this long: far longer than any redelivery or DLQ replay. */
  @IsInt()
  @Min(1)
  @Max(3_650)
  INBOX_RETENTION_DAYS: number = 14;

  /** How often the daily reconciliation job looks for configurations and days it still owes a run. */
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  JOB_RECONCILIATION_INTERVAL_MS: number = 900_000;

  /** When (HH:mm, GMT+7) the previous business day's settlement files are expected: runs start after it. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'RECONCILIATION_TIME must be HH:mm (GMT+7)' })
  RECONCILIATION_TIME: string = '02:00';

  /** Business days back the job catches up on (after downtime, or when a file arrived late). */
  @IsInt()
  @Min(1)
  @Max(31)
  RECONCILIATION_LOOKBACK_DAYS: number = 3;

  /** A day whose run failed (e.g. its file was not there yet) is tried again after this long. */
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  RECONCILIATION_RETRY_AFTER_MS: number = 3_600_000;
}
