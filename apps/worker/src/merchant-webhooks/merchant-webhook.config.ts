import { ArrayMaxSize, ArrayMinSize, IsInt, Matches, Max, Min } from 'class-validator';
import { WEBHOOK_RETRY_SCHEDULE_MS } from '@ppm/domain';
import { CommaSeparated } from '@ppm/observability';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor<T = object> = new (...args: any[]) => T;

/** Delivery of PPM's events to merchants' webhook endpoints (the dispatcher of every worker instance). */
export function WithMerchantWebhooks<T extends Constructor>(Base: T) {
  class MerchantWebhookSettings extends Base {
    /**
     * When each attempt of a delivery is made, after the failure before it, comma-separated milliseconds (the first
     * is the first attempt's); after the last the delivery is failed. Each delay gets ±10 % jitter.
     */
    @CommaSeparated(Number)
    @ArrayMinSize(1)
    @ArrayMaxSize(30)
    @IsInt({ each: true })
    @Min(0, { each: true })
    @Max(604_800_000, { each: true })
    MERCHANT_WEBHOOK_RETRY_SCHEDULE_MS: number[] = [...WEBHOOK_RETRY_SCHEDULE_MS];

    /** How long connecting to a merchant may take. */
    @IsInt()
    @Min(100)
    @Max(60_000)
    MERCHANT_WEBHOOK_CONNECT_TIMEOUT_MS: number = 5_000;

    /** How long one attempt may take in all (connect, answer, the answer's first KB). */
    @IsInt()
    @Min(100)
    @Max(120_000)
    MERCHANT_WEBHOOK_TIMEOUT_MS: number = 15_000;

    /** Attempts in flight at once in this instance, all endpoints together. */
    @IsInt()
    @Min(1)
    @Max(1_000)
    MERCHANT_WEBHOOK_CONCURRENCY: number = 64;

    /** Attempts in flight at once to one endpoint (or callback URL) from this instance: a slow one holds no more. */
    @IsInt()
    @Min(1)
    @Max(100)
    MERCHANT_WEBHOOK_ENDPOINT_CONCURRENCY: number = 4;

    /**
     * How long a claimed delivery stays claimed beyond the attempt's timeout: a delivery whose dispatcher died (even
     * with SIGKILL) is sent again once its claim lapses, so this bounds how late it comes.
     */
    @IsInt()
    @Min(100)
    @Max(600_000)
    MERCHANT_WEBHOOK_CLAIM_MARGIN_MS: number = 30_000;

    /** How often the dispatcher looks for due deliveries when it has nothing in flight to wait for. */
    @IsInt()
    @Min(10)
    @Max(60_000)
    MERCHANT_WEBHOOK_POLL_INTERVAL_MS: number = 1_000;

    /** How long an open endpoint breaker holds that endpoint's deliveries back before a trial attempt. */
    @IsInt()
    @Min(10)
    @Max(3_600_000)
    MERCHANT_WEBHOOK_BREAKER_RESET_MS: number = 30_000;

    /** An endpoint whose every attempt has failed for this long is disabled (5 days). */
    @IsInt()
    @Min(1_000)
    @Max(2_592_000_000)
    MERCHANT_WEBHOOK_DISABLE_AFTER_MS: number = 432_000_000;

    /** Deliveries DELIVERED this long ago are deleted with their attempts (pending and failed ones are kept). */
    @IsInt()
    @Min(1)
    @Max(3_650)
    MERCHANT_WEBHOOK_RETENTION_DAYS: number = 30;

    /** How often the merchant-webhook-retention job runs. */
    @IsInt()
    @Min(1_000)
    @Max(86_400_000)
    JOB_MERCHANT_WEBHOOK_RETENTION_INTERVAL_MS: number = 3_600_000;

    /** The fan-out's queue on `ppm.events` (the worker's bus user may only use `ppm.worker.*` queues). */
    @Matches(/^ppm\.worker\.[\w.-]+$/)
    MERCHANT_WEBHOOK_FANOUT_QUEUE: string = 'ppm.worker.merchant-webhooks';
  }
  return MerchantWebhookSettings;
}
