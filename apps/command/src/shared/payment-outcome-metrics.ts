import { EventTypes } from '@ppm/contracts';
import type { PublishedEvent } from '@ppm/messaging';
import { Counter, type Registry } from 'prom-client';

// How each published event ends a payment or a refund, as the status label says it.
const PAYMENT_OUTCOMES: Record<string, string> = {
  [EventTypes.paymentSucceeded]: 'SUCCEEDED',
  [EventTypes.paymentFailed]: 'FAILED',
  [EventTypes.paymentCancelled]: 'CANCELLED',
  [EventTypes.paymentExpired]: 'EXPIRED',
};
const REFUND_OUTCOMES: Record<string, string> = {
  [EventTypes.refundProcessed]: 'SUCCEEDED',
  [EventTypes.refundFailed]: 'FAILED',
};
// Gateway types are a short upper-case set; anything else is one `other` series, never a new series per value.
const GATEWAY_TYPE = /^[A-Z][A-Z0-9_]{1,19}$/;

/**
 * Payments and refunds by gateway type and final status, counted from the events the outbox relay published: each
 * final state change is committed with exactly one such event, so the counters follow the stored outcomes.
 */
export class PaymentOutcomeMetrics {
  private readonly payments: Counter<'gateway' | 'status'>;
  private readonly refunds: Counter<'gateway' | 'status'>;

  constructor(registry: Registry) {
    this.payments = new Counter({
      name: 'ppm_payments_finalized_total',
      help: 'Payments that reached a final status (SUCCEEDED, FAILED, CANCELLED, EXPIRED), per gateway type',
      labelNames: ['gateway', 'status'],
      registers: [registry],
    });
    this.refunds = new Counter({
      name: 'ppm_refunds_finalized_total',
      help: 'Refunds that reached a final status (SUCCEEDED, FAILED), per gateway type',
      labelNames: ['gateway', 'status'],
      registers: [registry],
    });
  }

  count(event: PublishedEvent): void {
    const payment = PAYMENT_OUTCOMES[event.type];
    const refund = REFUND_OUTCOMES[event.type];
    if (!payment && !refund) return;
    const gatewayType = (event.payload['data'] as { gatewayType?: unknown } | undefined)?.gatewayType;
    const gateway = typeof gatewayType === 'string' && GATEWAY_TYPE.test(gatewayType) ? gatewayType : 'other';
    if (payment) this.payments.inc({ gateway, status: payment });
    else this.refunds.inc({ gateway, status: refund });
  }
}
