import { Money } from '../money/money.value-object';
import { PaymentTransaction } from './payment-transaction.aggregate';
import {
  capturedPayment,
  createInput,
  minutesAfterT0,
  pendingPayment,
  processingPayment,
  T0,
  unwrap,
  vnd,
} from './payment.test-fixtures';

const succeededReport = (payment: PaymentTransaction, overrides: object = {}) => ({
  outcome: 'succeeded' as const,
  gatewayTransactionId: 'gtx-1',
  amount: payment.amount,
  rawCodes: { resultCode: '0' },
  now: minutesAfterT0(3),
  ...overrides,
});

describe('PaymentTransaction: creation and persistence', () => {
  it('given a valid request, when created, then it is PENDING and announces PaymentCreated with what a consumer needs', () => {
    const payment = unwrap(PaymentTransaction.create(createInput()));

    expect(payment.status).toBe('PENDING');
    expect(payment.version).toBe(0);
    expect(payment.pullEvents()).toEqual([
      {
        type: 'PaymentCreated',
        aggregateType: 'PaymentTransaction',
        aggregateId: 'pay-1',
        tenantId: 'tenant-1',
        occurredAt: T0,
        data: {
          transactionId: 'pay-1',
          sourceBoundedContext: 'billing',
          sourceTransactionId: 'inv-42',
          gatewayType: 'MOMO',
          gatewayConfigurationId: 'gw-1',
          amount: '100000',
          currency: 'VND',
          paymentMethod: 'E_WALLET',
          description: 'Invoice 42',
          expiresAt: '2025-03-01T08:15:00.000Z',
          initiatedByUserId: 'user-7',
        },
      },
    ]);
    expect(payment.pullEvents()).toEqual([]);
  });

  it.each([
    ['a zero amount', { amount: vnd(0n) }, 'INVALID_AMOUNT'],
    ['a negative amount', { amount: vnd(-5n) }, 'INVALID_AMOUNT'],
    ['an expiry not after now', { expiresAt: T0 }, 'VALIDATION_ERROR'],
    ['an empty source', { source: { boundedContext: 'billing', transactionId: ' ' } }, 'VALIDATION_ERROR'],
  ])('given %s, when created, then it is refused', (_case, overrides, code) => {
    expect(PaymentTransaction.create(createInput(overrides))).toMatchObject({ ok: false, error: { code } });
  });

  it('given a snapshot, when restored, then it is the same payment and records no events', () => {
    const payment = capturedPayment();
    unwrap(
      payment.requestRefund({ refundId: 'rf-1', amount: vnd(1_000n), reason: 'x', gatewayRequestId: 'rq', now: T0 }),
    );
    const snapshot = payment.toSnapshot();

    const restored = PaymentTransaction.restore({ ...snapshot, version: 3 });

    expect(restored.toSnapshot()).toEqual({ ...snapshot, version: 3 });
    expect(restored.refundableAmount().equals(vnd(99_000n))).toBe(true);
    expect(restored.pullEvents()).toEqual([]);
  });
});

describe('PaymentTransaction: gateway order', () => {
  it('given a PENDING payment, when the gateway creates the order, then it is PROCESSING with a payment URL and no new event', () => {
    const payment = pendingPayment();

    const attempt = unwrap(
      payment.startAttempt({ attemptId: 'att-1', gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now: T0 }),
    );
    unwrap(
      payment.markGatewayOrderCreated({
        attemptId: 'att-1',
        paymentUrl: 'https://pay/1',
        gatewayResponse: {},
        now: minutesAfterT0(1),
      }),
    );

    expect(attempt).toMatchObject({ attemptNumber: 1, status: 'PENDING', gatewayRequestId: 'req-1' });
    expect(payment).toMatchObject({ status: 'PROCESSING', paymentUrl: 'https://pay/1', gatewayReference: 'ref-1' });
    expect(payment.attempts[0]).toMatchObject({ status: 'SUCCEEDED', completedAt: minutesAfterT0(1) });
    expect(payment.updatedAt).toEqual(minutesAfterT0(1));
    expect(payment.pullEvents()).toEqual([]);
  });

  it('given the gateway refuses the order, then the payment FAILED with its code and PaymentFailed went out', () => {
    const payment = pendingPayment();
    unwrap(payment.startAttempt({ attemptId: 'att-1', gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now: T0 }));

    unwrap(
      payment.markGatewayOrderFailed({
        attemptId: 'att-1',
        code: '41',
        reason: 'Duplicate order',
        gatewayResponse: null,
        now: T0,
      }),
    );

    expect(payment).toMatchObject({
      status: 'FAILED',
      failureCode: '41',
      failureReason: 'Duplicate order',
      completedAt: T0,
    });
    expect(payment.pullEvents()).toMatchObject([{ type: 'PaymentFailed', data: { failureCode: '41' } }]);
    expect(
      payment.startAttempt({ attemptId: 'att-2', gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now: T0 }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_STATE_TRANSITION' } });
  });

  it('given the create call timed out, then the payment is PROCESSING and a retry reusing the request id is allowed', () => {
    const payment = pendingPayment();
    unwrap(payment.startAttempt({ attemptId: 'att-1', gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now: T0 }));

    unwrap(payment.markGatewayOrderTimedOut({ attemptId: 'att-1', now: minutesAfterT0(1) }));

    expect(payment.status).toBe('PROCESSING');
    expect(payment.pullEvents()).toEqual([]);
    // A fresh idempotency key could create a second order at the gateway: a bug in the caller.
    expect(() =>
      payment.startAttempt({ attemptId: 'att-2', gatewayRequestId: 'req-NEW', gatewayReference: 'ref-1', now: T0 }),
    ).toThrow(/must reuse gateway request id req-1/);
    const retry = unwrap(
      payment.startAttempt({
        attemptId: 'att-2',
        gatewayRequestId: 'req-1',
        gatewayReference: 'ref-1',
        now: minutesAfterT0(2),
      }),
    );
    unwrap(
      payment.markGatewayOrderCreated({
        attemptId: 'att-2',
        paymentUrl: 'https://pay/1',
        gatewayResponse: {},
        now: T0,
      }),
    );

    expect(retry.attemptNumber).toBe(2);
    expect(payment.attempts.map((a) => a.status)).toEqual(['TIMED_OUT', 'SUCCEEDED']);
    expect(payment).toMatchObject({ status: 'PROCESSING', paymentUrl: 'https://pay/1' });
  });

  it('given an attempt already in flight, when another starts, then it is refused', () => {
    const payment = pendingPayment();
    unwrap(payment.startAttempt({ attemptId: 'att-1', gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now: T0 }));

    expect(
      payment.startAttempt({ attemptId: 'att-2', gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now: T0 }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_STATE_TRANSITION' } });
  });
});

describe('PaymentTransaction: gateway results', () => {
  it('given a PROCESSING payment, when the gateway reports success, then it SUCCEEDED and PaymentSucceeded went out', () => {
    const payment = processingPayment();

    expect(payment.applyGatewayResult(succeededReport(payment))).toEqual({ ok: true, value: { effect: 'APPLIED' } });

    expect(payment).toMatchObject({ status: 'SUCCEEDED', gatewayTransactionId: 'gtx-1', lateCapture: false });
    expect(payment.completedAt).toEqual(minutesAfterT0(3));
    expect(payment.pullEvents()).toMatchObject([
      { type: 'PaymentSucceeded', data: { gatewayTransactionId: 'gtx-1', amount: '100000', lateCapture: false } },
    ]);
  });

  it('given a captured payment, when the same success is reported again, then it is a DUPLICATE that changes nothing', () => {
    const payment = capturedPayment();
    const before = payment.toSnapshot();

    expect(payment.applyGatewayResult(succeededReport(payment))).toEqual({ ok: true, value: { effect: 'DUPLICATE' } });

    expect(payment.toSnapshot()).toEqual(before);
    expect(payment.pullEvents()).toEqual([]);
  });

  it('given a failed payment, when the same failure is reported again, then it is a DUPLICATE', () => {
    const payment = processingPayment();
    const failed = { ...succeededReport(payment), outcome: 'failed' as const, rawCodes: { resultCode: '1006' } };
    unwrap(payment.applyGatewayResult(failed));
    payment.pullEvents();

    expect(payment.applyGatewayResult(failed)).toEqual({ ok: true, value: { effect: 'DUPLICATE' } });
    expect(payment.failureCode).toBe('resultCode=1006');
    expect(payment.pullEvents()).toEqual([]);
  });

  it('given any state, when the gateway reports another amount, then it is refused with AMOUNT_MISMATCH and nothing changes', () => {
    const payment = processingPayment();
    const before = payment.toSnapshot();

    const result = payment.applyGatewayResult(succeededReport(payment, { amount: vnd(99_999n) }));

    expect(result).toMatchObject({
      ok: false,
      error: { code: 'AMOUNT_MISMATCH', details: { expected: '100000', reported: '99999' } },
    });
    expect(payment.toSnapshot()).toEqual(before);
    const usd = unwrap(Money.of(100_000, 'USD'));
    expect(payment.applyGatewayResult(succeededReport(payment, { amount: usd }))).toMatchObject({
      ok: false,
      error: { code: 'AMOUNT_MISMATCH' },
    });
  });

  it.each(['failed', 'cancelled', 'expired'] as const)(
    'given a payment closed as %s, when the gateway then reports success, then it is a late capture and never dropped',
    (outcome) => {
      const payment = processingPayment();
      unwrap(payment.applyGatewayResult({ ...succeededReport(payment), outcome, gatewayTransactionId: null }));
      payment.pullEvents();

      expect(payment.applyGatewayResult(succeededReport(payment, { now: minutesAfterT0(30) }))).toEqual({
        ok: true,
        value: { effect: 'APPLIED' },
      });

      expect(payment).toMatchObject({ status: 'SUCCEEDED', lateCapture: true, gatewayTransactionId: 'gtx-1' });
      expect(payment.pullEvents()).toMatchObject([
        { type: 'PaymentSucceeded', data: { lateCapture: true } },
        { type: 'PaymentLateCaptured', data: { previousStatus: outcome.toUpperCase(), gatewayTransactionId: 'gtx-1' } },
      ]);
      expect(payment.refundableAmount().equals(vnd(100_000n))).toBe(true);
    },
  );

  it('given a captured payment, when the gateway reports a failure, then it is refused: a webhook never reverses a payment', () => {
    const payment = capturedPayment();

    expect(payment.applyGatewayResult(succeededReport(payment, { outcome: 'failed' }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE_TRANSITION' },
    });
    expect(payment.status).toBe('SUCCEEDED');
  });

  it('given a captured payment, when a success with another gateway transaction id arrives, then it is refused', () => {
    const payment = capturedPayment();

    expect(payment.applyGatewayResult(succeededReport(payment, { gatewayTransactionId: 'gtx-2' }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE_TRANSITION' },
    });
  });
});

describe('PaymentTransaction: cancel and expire', () => {
  it.each([
    ['PENDING', pendingPayment],
    ['PROCESSING', processingPayment],
  ])('given a %s payment, when the caller cancels, then it is CANCELLED and PaymentCancelled went out', (_s, make) => {
    const payment = make();

    unwrap(payment.cancel({ reason: 'Order withdrawn', now: minutesAfterT0(5) }));

    expect(payment.status).toBe('CANCELLED');
    expect(payment.pullEvents()).toMatchObject([
      { type: 'PaymentCancelled', data: { reason: 'Order withdrawn', cancelledBy: 'CALLER' } },
    ]);
  });

  it('given a captured payment, when the caller cancels, then it is refused (refund it instead)', () => {
    expect(capturedPayment().cancel({ reason: 'x', now: T0 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE_TRANSITION' },
    });
  });

  it('given a payment in flight, when its expiry has passed, then it is EXPIRED; before that it is refused', () => {
    const payment = processingPayment();

    expect(payment.expire({ now: minutesAfterT0(14) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE_TRANSITION' },
    });
    unwrap(payment.expire({ now: minutesAfterT0(15) }));

    expect(payment.status).toBe('EXPIRED');
    expect(payment.pullEvents()).toMatchObject([{ type: 'PaymentExpired', data: { expiredBy: 'SCHEDULE' } }]);
    expect(payment.expire({ now: minutesAfterT0(20) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE_TRANSITION' },
    });
  });
});
