import { IsInt, Max, Min, ValidateBy } from 'class-validator';
import { CommaSeparated, isAddressRange, type Constructor } from '@ppm/observability';

/** The gateways' callbacks the worker takes in: how they are applied and retried, bounded, throttled and kept. */
export function WithGatewayWebhooks<T extends Constructor>(Base: T) {
  class GatewayWebhookSettings extends Base {
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
     * 429 and nothing stored. A gateway sends all its callbacks from a few addresses, so one address gets as much
     * as a busy merchant's peak (100 a second); 10 a second refused the sandbox's callbacks of a 1,000-payment run.
     */
    @IsInt()
    @Min(1)
    @Max(10_000_000)
    WEBHOOK_RATE_LIMIT_PER_SOURCE: number = 6_000;

    /** Webhook requests per minute to one gateway's endpoint from all allowed sources, per worker instance. */
    @IsInt()
    @Min(1)
    @Max(10_000_000)
    WEBHOOK_RATE_LIMIT_PER_GATEWAY: number = 30_000;

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
  }
  return GatewayWebhookSettings;
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
