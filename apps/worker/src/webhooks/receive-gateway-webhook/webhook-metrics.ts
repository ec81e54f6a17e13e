import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import type { CallbackDecision, CallbackRejection, GatewayType } from '@ppm/gateways';
import { MetricsRegistry } from '@ppm/observability';

/** Where a webhook was handled: on its delivery by the gateway, or by our own retry loop. */
export type WebhookSource = 'delivery' | 'retry';

/**
 * The webhooks' Prometheus metrics, per gateway: received, verified, rejected (by reason: the signature check's
 * BAD_SIGNATURE / MALFORMED / UNKNOWN_MERCHANT, or the command service's UNKNOWN_ORDER / INVALID_AMOUNT),
 * applied (APPLIED or DUPLICATE), left for retry because our side failed, and the handling time by decision.
 * Alert on rejected{reason="BAD_SIGNATURE"} rising (forged callbacks or rotated keys) and on retry staying up.
 */
@Injectable()
export class WebhookMetrics {
  private readonly received: Counter<'gateway' | 'source'>;
  private readonly verified: Counter<'gateway' | 'source'>;
  private readonly rejected: Counter<'gateway' | 'source' | 'reason'>;
  private readonly applied: Counter<'gateway' | 'source' | 'effect'>;
  private readonly retry: Counter<'gateway' | 'source'>;
  private readonly duration: Histogram<'gateway' | 'source' | 'decision'>;
  private readonly turnedAwayTotal: Counter<'gateway' | 'reason'>;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    const labelNames = ['gateway', 'source'] as const;
    this.received = new Counter({
      name: 'ppm_webhooks_received_total',
      help: 'Gateway webhooks handled, per gateway and source (delivery by the gateway, or our retry loop)',
      labelNames,
      registers,
    });
    this.verified = new Counter({
      name: 'ppm_webhooks_verified_total',
      help: "Webhooks whose signature verified against their payment's configuration (or an active one of the merchant)",
      labelNames,
      registers,
    });
    this.rejected = new Counter({
      name: 'ppm_webhooks_rejected_total',
      help: 'Webhooks refused, by reason (BAD_SIGNATURE, MALFORMED, UNKNOWN_MERCHANT, UNKNOWN_ORDER, INVALID_AMOUNT)',
      labelNames: [...labelNames, 'reason'],
      registers,
    });
    this.applied = new Counter({
      name: 'ppm_webhooks_applied_total',
      help: 'Verified webhooks settled, by effect (APPLIED changed the payment, DUPLICATE had been applied before)',
      labelNames: [...labelNames, 'effect'],
      registers,
    });
    this.retry = new Counter({
      name: 'ppm_webhooks_retry_total',
      help: 'Verified webhooks not applied because our side failed (command service down or slow): left for retry',
      labelNames,
      registers,
    });
    this.duration = new Histogram({
      name: 'ppm_webhook_handling_seconds',
      help: 'Time to handle a webhook (verify, store, apply, reply), per gateway, source and decision',
      labelNames: [...labelNames, 'decision'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.turnedAwayTotal = new Counter({
      name: 'ppm_webhooks_turned_away_total',
      help: 'Requests to a webhook endpoint refused before anything was stored (RATE_LIMITED, SOURCE_NOT_ALLOWED)',
      labelNames: ['gateway', 'reason'],
      registers,
    });
  }

  /** A clock to pass to `handled` when the webhook is done. */
  start(): bigint {
    return process.hrtime.bigint();
  }

  /** Records one handled webhook: `rejection` when its signature check failed, else what applying it decided. */
  handled(
    gatewayType: GatewayType,
    source: WebhookSource,
    rejection: CallbackRejection | null,
    decision: CallbackDecision,
    startedAt: bigint,
  ): void {
    const gateway = gatewayType.toLowerCase();
    this.received.inc({ gateway, source });
    if (rejection) {
      this.rejected.inc({ gateway, source, reason: rejection });
    } else {
      this.verified.inc({ gateway, source });
      if (decision === 'APPLIED' || decision === 'DUPLICATE') this.applied.inc({ gateway, source, effect: decision });
      else if (decision === 'RETRY_LATER') this.retry.inc({ gateway, source });
      else this.rejected.inc({ gateway, source, reason: decision });
    }
    this.duration.observe({ gateway, source, decision }, Number(process.hrtime.bigint() - startedAt) / 1e9);
  }

  /** Records one request refused at the door: over a rate limit, or from outside the gateway's allowlist. */
  turnedAway(gatewayType: GatewayType, reason: 'RATE_LIMITED' | 'SOURCE_NOT_ALLOWED'): void {
    this.turnedAwayTotal.inc({ gateway: gatewayType.toLowerCase(), reason });
  }
}
