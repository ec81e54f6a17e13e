import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsUrl, Max, Min } from 'class-validator';
import { ServiceConfig, WithDatabase, WithEncryptionKeys, WithNats, WithRabbitMq } from '@ppm/observability';

/** Configuration of the worker (webhooks, scheduled jobs, event consumers). */
export class WorkerConfig extends WithEncryptionKeys(WithRabbitMq(WithNats(WithDatabase(ServiceConfig)))) {
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

  /** Where adapters reach a gateway whose configuration names no base URL (only its signatures matter here). */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  GATEWAY_DEFAULT_BASE_URL: string = 'http://127.0.0.1:3010';

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

  /** Job run records are kept this long, then deleted. */
  @IsInt()
  @Min(1)
  @Max(3_650)
  JOB_RUN_RETENTION_DAYS: number = 30;
}

// Environment flags arrive as text, and implicit conversion would read "false" as true.
function parseFlag(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const flag = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(flag)) return true;
  if (['false', '0', 'no', 'off'].includes(flag)) return false;
  return value;
}
