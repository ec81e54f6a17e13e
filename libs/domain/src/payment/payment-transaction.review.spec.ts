import type { RiskRuleHit } from '../risk/risk-decision';
import { minutesAfterT0, pendingPayment, processingPayment, T0, unwrap } from './payment.test-fixtures';

const HITS: RiskRuleHit[] = [{ index: 3, type: 'DAILY_AMOUNT', action: 'REVIEW' }];

function heldPayment() {
  const payment = pendingPayment();
  unwrap(payment.holdForReview({ rulesHit: HITS, ruleSetVersion: 4, now: T0 }));
  return payment;
}

describe('PaymentTransaction: review by an operator', () => {
  it('given a new payment, when the risk rules ask for a review, then it waits in PENDING_REVIEW with the decision', () => {
    const payment = heldPayment();

    expect(payment.status).toBe('PENDING_REVIEW');
    expect(payment.holdsItsSource).toBe(true);
    const [event] = payment.pullEvents();
    expect(event).toMatchObject({
      type: 'PaymentHeldForReview',
      data: { transactionId: 'pay-1', rulesHit: HITS, ruleSetVersion: 4, amount: '100000', currency: 'VND' },
    });
  });

  it('given a payment already at its gateway, when held for review, then it is refused and unchanged', () => {
    const payment = processingPayment();

    const held = payment.holdForReview({ rulesHit: HITS, ruleSetVersion: 4, now: T0 });

    expect(held).toMatchObject({ ok: false, error: { code: 'INVALID_STATE_TRANSITION' } });
    expect(payment.status).toBe('PROCESSING');
  });

  it('given a held payment, when approved, then it is PENDING with its expiry counted again from the approval', () => {
    const payment = heldPayment();
    payment.pullEvents();

    unwrap(
      payment.review({ decision: 'APPROVE', reviewedBy: 'op-1', note: 'known customer', now: minutesAfterT0(60) }),
    );

    expect(payment.status).toBe('PENDING');
    expect(payment.expiresAt).toEqual(minutesAfterT0(75));
    expect(payment.pullEvents()).toMatchObject([
      { type: 'PaymentReviewApproved', data: { reviewedBy: 'op-1', note: 'known customer' } },
    ]);
    const started = payment.startAttempt({
      attemptId: 'att-1',
      gatewayRequestId: 'req-1',
      gatewayReference: 'ref-1',
      now: minutesAfterT0(60),
    });
    expect(started.ok).toBe(true);
  });

  it('given a held payment, when rejected, then it is CANCELLED by the operator and frees its source', () => {
    const payment = heldPayment();
    payment.pullEvents();

    unwrap(payment.review({ decision: 'REJECT', reviewedBy: 'op-1', note: null, now: minutesAfterT0(5) }));

    expect(payment.status).toBe('CANCELLED');
    expect(payment.holdsItsSource).toBe(false);
    expect(payment.completedAt).toEqual(minutesAfterT0(5));
    expect(payment.pullEvents()).toMatchObject([
      { type: 'PaymentCancelled', data: { reason: 'REJECTED_IN_REVIEW', cancelledBy: 'OPERATOR' } },
    ]);
  });

  it('given a payment no longer in review, when reviewed, then it is refused with INVALID_STATE_TRANSITION', () => {
    const payment = heldPayment();
    unwrap(payment.review({ decision: 'REJECT', reviewedBy: null, note: null, now: T0 }));
    payment.pullEvents();

    for (const decision of ['APPROVE', 'REJECT'] as const) {
      expect(payment.review({ decision, reviewedBy: null, note: null, now: T0 })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_STATE_TRANSITION' },
      });
    }
    expect(pendingPayment().review({ decision: 'APPROVE', reviewedBy: null, note: null, now: T0 }).ok).toBe(false);
    expect(payment.pullEvents()).toEqual([]);
  });

  it('given a held payment, when the review timeout passes, then it expires, and not a millisecond before', () => {
    const payment = heldPayment();
    payment.pullEvents();
    const timeout = { reviewTimeoutMs: 3_600_000 };

    const early = payment.expireReview({ ...timeout, now: new Date(minutesAfterT0(60).getTime() - 1) });
    expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_STATE_TRANSITION' } });
    unwrap(payment.expireReview({ ...timeout, now: minutesAfterT0(60) }));

    expect(payment.status).toBe('EXPIRED');
    expect(payment.pullEvents()).toMatchObject([{ type: 'PaymentExpired', data: { expiredBy: 'SCHEDULE' } }]);
    expect(processingPayment().expireReview({ ...timeout, now: minutesAfterT0(600) }).ok).toBe(false);
  });
});
