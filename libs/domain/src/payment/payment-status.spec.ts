import { EVENT_ROUTING_KEYS } from '../domain-events';
import {
  nextPaymentStatus,
  PAYMENT_STATUS_TRANSITIONS,
  PAYMENT_STATUS_TRIGGERS,
  PAYMENT_STATUSES,
  type PaymentStatus,
  type PaymentStatusTrigger,
} from './payment-status';

const decide = (from: PaymentStatus, trigger: PaymentStatusTrigger) => nextPaymentStatus(from, trigger);

describe('nextPaymentStatus (the payment state machine)', () => {
  it.each<[PaymentStatus, PaymentStatusTrigger, PaymentStatus]>([
    ['PENDING', 'GATEWAY_ORDER_CREATED', 'PROCESSING'],
    ['PENDING', 'GATEWAY_ORDER_TIMED_OUT', 'PROCESSING'],
    ['PENDING', 'GATEWAY_ORDER_REFUSED', 'FAILED'],
    ['PENDING', 'CANCELLED', 'CANCELLED'],
    ['PENDING', 'EXPIRED', 'EXPIRED'],
    ['PROCESSING', 'CAPTURE_REPORTED', 'SUCCEEDED'],
    ['PROCESSING', 'FAILURE_REPORTED', 'FAILED'],
    ['PROCESSING', 'CANCELLED', 'CANCELLED'],
    ['PROCESSING', 'EXPIRED', 'EXPIRED'],
    ['SUCCEEDED', 'REFUNDED_PARTIALLY', 'PARTIALLY_REFUNDED'],
    ['SUCCEEDED', 'REFUNDED_FULLY', 'REFUNDED'],
    ['PARTIALLY_REFUNDED', 'REFUNDED_PARTIALLY', 'PARTIALLY_REFUNDED'],
    ['PARTIALLY_REFUNDED', 'REFUNDED_FULLY', 'REFUNDED'],
    ['PENDING', 'HELD_FOR_REVIEW', 'PENDING_REVIEW'],
    ['PENDING_REVIEW', 'REVIEW_APPROVED', 'PENDING'],
    ['PENDING_REVIEW', 'CANCELLED', 'CANCELLED'],
    ['PENDING_REVIEW', 'EXPIRED', 'EXPIRED'],
  ])('given %s, when %s, then the payment is %s', (from, trigger, to) => {
    expect(decide(from, trigger)).toEqual({ ok: true, value: { to, lateCapture: false } });
  });

  it.each<PaymentStatus>(['FAILED', 'CANCELLED', 'EXPIRED'])(
    'given %s, when the gateway reports a capture, then it is accepted as a late capture',
    (from) => {
      expect(decide(from, 'CAPTURE_REPORTED')).toEqual({ ok: true, value: { to: 'SUCCEEDED', lateCapture: true } });
    },
  );

  it.each<[PaymentStatus, PaymentStatusTrigger]>([
    ['SUCCEEDED', 'FAILURE_REPORTED'],
    ['SUCCEEDED', 'CANCELLED'],
    ['PARTIALLY_REFUNDED', 'EXPIRED'],
    ['REFUNDED', 'REFUNDED_PARTIALLY'],
    ['REFUNDED', 'CAPTURE_REPORTED'],
    ['FAILED', 'CANCELLED'],
    ['CANCELLED', 'GATEWAY_ORDER_CREATED'],
    ['EXPIRED', 'EXPIRED'],
    ['PENDING', 'REFUNDED_FULLY'],
    ['PROCESSING', 'HELD_FOR_REVIEW'],
    ['PENDING', 'REVIEW_APPROVED'],
    ['PENDING_REVIEW', 'GATEWAY_ORDER_CREATED'],
    ['PENDING_REVIEW', 'CAPTURE_REPORTED'],
    ['PENDING_REVIEW', 'HELD_FOR_REVIEW'],
  ])('given %s, when %s, then it is refused with INVALID_STATE_TRANSITION', (from, trigger) => {
    expect(decide(from, trigger)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE_TRANSITION', details: { from, attempted: trigger } },
    });
  });

  it('agrees with the transition table: every status change it allows is drawn, and every drawn one is reachable', () => {
    const reachable = new Set<string>();
    for (const from of PAYMENT_STATUSES) {
      for (const trigger of PAYMENT_STATUS_TRIGGERS) {
        const result = decide(from, trigger);
        if (!result.ok || (result.value.to === from && from !== 'PARTIALLY_REFUNDED')) continue;
        expect(PAYMENT_STATUS_TRANSITIONS[from]).toContain(result.value.to);
        reachable.add(`${from}->${result.value.to}`);
      }
    }
    const drawn = PAYMENT_STATUSES.flatMap((from) => PAYMENT_STATUS_TRANSITIONS[from].map((to) => `${from}->${to}`));
    expect([...reachable].sort()).toEqual(drawn.sort());
  });

  it('gives every domain event a versioned routing key on its aggregate', () => {
    expect(EVENT_ROUTING_KEYS).toEqual({
      PaymentCreated: 'ppm.payment.created.v1',
      PaymentSucceeded: 'ppm.payment.succeeded.v1',
      PaymentFailed: 'ppm.payment.failed.v1',
      PaymentCancelled: 'ppm.payment.cancelled.v1',
      PaymentExpired: 'ppm.payment.expired.v1',
      PaymentLateCaptured: 'ppm.payment.late-captured.v1',
      PaymentHeldForReview: 'ppm.payment.held-for-review.v1',
      PaymentReviewApproved: 'ppm.payment.review-approved.v1',
      RefundRequested: 'ppm.refund.requested.v1',
      RefundProcessed: 'ppm.refund.processed.v1',
      RefundFailed: 'ppm.refund.failed.v1',
      GatewayConfigurationAdded: 'ppm.gateway-config.added.v1',
      GatewayConfigurationUpdated: 'ppm.gateway-config.updated.v1',
      RiskRulesUpdated: 'ppm.risk-rules.updated.v1',
      PaymentRiskBlocked: 'ppm.payment.risk-blocked.v1',
    });
  });
});
