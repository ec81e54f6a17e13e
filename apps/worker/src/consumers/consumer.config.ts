import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { CommaSeparated, type Constructor } from '@ppm/observability';
import { EnvironmentFlag } from '../shared/environment-flag';

/** The worker's RabbitMQ consumers: how they take messages and retry them, tenant data deletion, notifications. */
export function WithConsumers<T extends Constructor>(Base: T) {
  class ConsumerConfigSettings extends Base {
    /** Whether this instance consumes events from RabbitMQ (tests of other things may turn it off). */
    @EnvironmentFlag()
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
    @EnvironmentFlag()
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
  return ConsumerConfigSettings;
}

// "1000, 10000,60000" → [1000, 10000, 60000]; anything else stays text, which validation refuses.
function toNumberIfDigits(item: string): unknown {
  return /^\d+$/.test(item) ? Number(item) : item;
}
