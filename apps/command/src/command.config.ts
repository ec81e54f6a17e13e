import { IsIn, IsInt, IsUrl, Max, Min } from 'class-validator';
import { WithGatewayAllowlist } from '@ppm/gateways';
import {
  RequiredInProduction,
  ServiceConfig,
  WithDatabase,
  WithEncryptionKeys,
  WithNats,
  WithRabbitMq,
  WithRedis,
} from '@ppm/observability';

/** Configuration of the command service (write model). */
export class CommandConfig extends WithGatewayAllowlist(
  WithEncryptionKeys(WithRedis(WithRabbitMq(WithNats(WithDatabase(ServiceConfig), 'command'), 'command'))),
) {
  override PORT = 3001;

  /** Timeout of each call to a gateway (MoMo's create waits at least 30 s, as MoMo asks). */
  @IsInt()
  @Min(100)
  @Max(60_000)
  GATEWAY_TIMEOUT_MS: number = 10_000;

  /** Extra attempts of calls that are safe to repeat (status queries). */
  @IsInt()
  @Min(0)
  @Max(5)
  GATEWAY_RETRIES: number = 2;

  /** Share of failed calls (over the last 10 s, at least 5 calls) that opens a configuration's breaker. */
  @IsInt()
  @Min(1)
  @Max(100)
  GATEWAY_BREAKER_ERROR_PERCENT: number = 50;

  /** How long an open breaker waits before trying the gateway again. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  GATEWAY_BREAKER_RESET_MS: number = 30_000;

  /** Outbox relay: fallback poll when no NOTIFY arrives, and rows per publish batch. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL_MS: number = 500;

  @IsInt()
  @Min(1)
  @Max(5_000)
  OUTBOX_BATCH_SIZE: number = 200;

  /**
   * Where the outbox relay runs: in this process, or in its own (`node dist/apps/command/relay.js`, same
   * configuration), off the event loop that serves commands; this service's payment writes then wake it through
   * NOTIFY instead of in process.
   */
  @IsIn(['in-process', 'own-process'])
  OUTBOX_RELAY: 'in-process' | 'own-process' = 'in-process';

  /** Publishes of an unroutable event (no queue bound) before the relay parks it for an operator (~3 min). */
  @IsInt()
  @Min(1)
  @Max(1_000)
  OUTBOX_PARK_AFTER_ATTEMPTS: number = 12;

  /** How long a command's idempotency key and reply are kept (at least a day). */
  @IsInt()
  @Min(24)
  @Max(24 * 90)
  IDEMPOTENCY_TTL_HOURS: number = 24;

  /** Merchant webhook endpoints one tenant may register. */
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_ENDPOINTS_PER_TENANT: number = 10;

  /** After a secret rotation the previous secret keeps signing beside the new one this long (24 hours). */
  @IsInt()
  @Min(1_000)
  @Max(30 * 24 * 3_600_000)
  WEBHOOK_SECRET_ROTATION_OVERLAP_MS: number = 24 * 3_600_000;
  /**
   * Longest wait for the risk counters (Redis) in one payment's evaluation: past it the payment is decided as its
   * tenant chose for a Redis outage (allowed and flagged, or held for review).
   */
  @Min(5)
  @Max(5_000)
  RISK_COUNTERS_TIMEOUT_MS: number = 100;

  /** The worker as gateways and browsers reach it: webhooks and return URLs are built on it. */
  @RequiredInProduction()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  WORKER_PUBLIC_URL: string = 'http://127.0.0.1:3002';
}
