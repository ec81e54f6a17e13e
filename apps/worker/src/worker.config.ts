import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import { WithGatewayAllowlist } from '@ppm/gateways';
import {
  CommaSeparated,
  isAddressRange,
  ServiceConfig,
  WithDatabase,
  WithEncryptionKeys,
  WithNats,
  WithRabbitMq,
} from '@ppm/observability';
import { WithSettlementSource } from '@ppm/reconciliation';
import { WithDeadLetterOperations } from './dead-letters/dead-letter.config';
import { WithMerchantWebhooks } from './merchant-webhooks/merchant-webhook.config';

/** Configuration of the worker (webhooks, scheduled jobs, event consumers). */
export class WorkerConfig extends WithDeadLetterOperations(
  WithMerchantWebhooks(
    WithSettlementSource(
      WithGatewayAllowlist(WithEncryptionKeys(WithRabbitMq(WithNats(WithDatabase(ServiceConfig), 'worker'), 'worker'))),
    ),
  ),
) {
  override PORT = 3002;

  /** How long a webhook waits for the command service to apply it before answering "retry" to the gateway. */
  @IsInt()
  @Min(100)
  @Max(30_000)
  WEBHOOK_APPLY_TIMEOUT_MS: number = 5_000;

  /** When a webhook that could not be applied is tried again by our own retry loop. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  WEBHOOK_RETRY_DELAY_MS: number = 10_000;

  /** Whether this instance runs the scheduled jobs (tests of other things turn them off). */
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => parseFlag(obj[key]))
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

  /** Settled webhooks are kept this long, then deleted. */
  @IsInt()
  @Min(1)
  @Max(3_650)
  WEBHOOK_RETENTION_DAYS: number = 90;

  /** Webhook requests that failed verification (anyone's traffic, not a gateway's evidence) are kept this long. */
  @IsInt()
  @Min(1)
  @Max(3_650)
  WEBHOOK_UNVERIFIED_RETENTION_DAYS: number = 7;

  /** Raw query, body and kept headers of a webhook request that fails verification are stored cut to this. */
  @IsInt()
  @Min(256)
  @Max(65_536)
  WEBHOOK_UNVERIFIED_MAX_CHARS: number = 4_096;

  /** Largest request body the worker accepts (gateway callbacks are a few KB); larger ones are answered 413. */
  @IsInt()
  @Min(1_024)
  @Max(1_048_576)
  WEBHOOK_BODY_LIMIT_BYTES: number = 65_536;

  /**
   * Webhook requests per minute from one source address to one gateway's endpoint, per worker instance; beyond it
   * 429 and nothing stored. Far above what a gateway sends.
   */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  WEBHOOK_RATE_LIMIT_PER_SOURCE: number = 600;

  /** Webhook requests per minute to one gateway's endpoint from all allowed sources, per worker instance. */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  WEBHOOK_RATE_LIMIT_PER_GATEWAY: number = 6_000;

  /**
   * Where each gateway's callbacks may come from: comma-separated addresses and CIDR ranges (IPv4, IPv6), e.g.
   * `203.0.113.0/24,2001:db8::/32`. Unset or empty: any source. Others are refused 403, nothing stored.
   */
  @CommaSeparated()
  @IsAddressRanges()
  WEBHOOK_SOURCE_ALLOWLIST_VNPAY: string[] = [];

  /** As WEBHOOK_SOURCE_ALLOWLIST_VNPAY, for MoMo's IPN. */
  @CommaSeparated()
  @IsAddressRanges()
  WEBHOOK_SOURCE_ALLOWLIST_MOMO: string[] = [];

  /** As WEBHOOK_SOURCE_ALLOWLIST_VNPAY, for ZaloPay's callback. */
  @CommaSeparated()
  @IsAddressRanges()
  WEBHOOK_SOURCE_ALLOWLIST_ZALOPAY: string[] = [];

  /** As WEBHOOK_SOURCE_ALLOWLIST_VNPAY, for SePay's VietQR transfer notifications. */
  @CommaSeparated()
  @IsAddressRanges()
  WEBHOOK_SOURCE_ALLOWLIST_VIETQR: string[] = [];

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

  /** Whether this instance consumes events from RabbitMQ (tests of other things may turn it off). */
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => parseFlag(obj[key]))
  @IsBoolean()
  CONSUMERS_ENABLED: boolean = true;

  /** Deliveries each consumer handles at once. */
  @IsInt()
  @Min(1)
  @Max(100)
  CONSUMER_PREFETCH: number = 4;

  /**
   * The consumers' retry ladder: how long a failed message waits before each retry, comma-separated milliseconds
   * (the last repeats while attempts remain). Each distinct delay is a queue of its own (`<queue>.retry.<ms>ms`).
   */
  @CommaSeparated(toNumberIfDigits)
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(10, { each: true })
  @Max(86_400_000, { each: true })
  CONSUMER_RETRY_DELAYS_MS: number[] = [1_000, 10_000, 60_000];

  /** Attempts of a message in all (the first included) before it goes to its dead-letter queue `<queue>.dlq`. */
  @IsInt()
  @Min(1)
  @Max(100)
  CONSUMER_MAX_ATTEMPTS: number = 4;

  /** The billing context's exchange carrying TenantDataDeletionRequested (declared durable if it does not exist). */
  @IsString()
  @IsNotEmpty()
  TENANT_DELETION_EXCHANGE: string = 'bum.events';

  /** Its type, as the billing context declares it (declaring it with another type fails with 406). */
  @IsIn(['topic', 'direct', 'fanout', 'headers'])
  TENANT_DELETION_EXCHANGE_TYPE: 'topic' | 'direct' | 'fanout' | 'headers' = 'topic';

  /** The routing key of TenantDataDeletionRequested. */
  @IsString()
  @IsNotEmpty()
  TENANT_DELETION_ROUTING_KEY: string = 'bum.tenant.data-deletion-requested.v1';

  /** PPM's own queue for it, shared by the worker instances (with `.retry.*` and `.dlq` beside it). */
  @IsString()
  @IsNotEmpty()
  TENANT_DELETION_QUEUE: string = 'ppm.worker.tenant-data-deletion';

  /** How long the purge command may take (it deletes every row of the tenant in one transaction). */
  @IsInt()
  @Min(100)
  @Max(600_000)
  TENANT_PURGE_TIMEOUT_MS: number = 60_000;

  /** Whether this instance turns PPM's payment/refund outcome events into notification requests. */
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => parseFlag(obj[key]))
  @IsBoolean()
  NOTIFICATIONS_ENABLED: boolean = true;

  /** PPM's queue of the outcome events to notify, bound to `ppm.events` (with `.retry.*` and `.dlq` beside it). */
  @IsString()
  @IsNotEmpty()
  NOTIFICATION_QUEUE: string = 'ppm.worker.payment-notifications';

  /** The notification context's NATS subject for a send request. */
  @IsString()
  @IsNotEmpty()
  NOTIFICATION_SUBJECT: string = 'notification.command.send';

  /** How long a notification request waits for the notifier's reply before it counts as failed (and is retried). */
  @IsInt()
  @Min(100)
  @Max(60_000)
  NOTIFICATION_TIMEOUT_MS: number = 5_000;

  /** How long the notification breaker, once open, fails requests fast before letting a trial one through. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  NOTIFICATION_BREAKER_RESET_MS: number = 30_000;
}

// "1000, 10000,60000" → [1000, 10000, 60000]; anything else stays text, which validation refuses.
function toNumberIfDigits(item: string): unknown {
  return /^\d+$/.test(item) ? Number(item) : item;
}

// Environment flags arrive as text, and implicit conversion would read "false" as true.
function parseFlag(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const flag = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(flag)) return true;
  if (['false', '0', 'no', 'off'].includes(flag)) return false;
  return value;
}

function IsAddressRanges(): PropertyDecorator {
  return ValidateBy({
    name: 'isAddressRanges',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.every(isAddressRange),
      defaultMessage: () => 'must be comma-separated IP addresses or CIDR ranges (e.g. 203.0.113.0/24)',
    },
  });
}
