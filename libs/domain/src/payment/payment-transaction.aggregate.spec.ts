import { PaymentTransaction } from './payment-transaction.aggregate';
import type { PaymentStatus } from './payment-status';
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

describe('PaymentTransaction: the source it holds', () => {
  it('given a payment in flight or captured, then it holds its source; closed or captured late, it does not', () => {
    const snapshot = pendingPayment().toSnapshot();
    const as = (status: PaymentStatus, lateCapture = false) =>
      PaymentTransaction.restore({ ...snapshot, status, lateCapture }).holdsItsSource;

    for (const status of ['PENDING', 'PROCESSING', 'SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const) {
      expect(as(status)).toBe(true);
    }
    for (const status of ['FAILED', 'CANCELLED', 'EXPIRED'] as const) expect(as(status)).toBe(false);
    expect(as('SUCCEEDED', true)).toBe(false);
  });
});
