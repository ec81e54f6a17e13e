import { Money } from '../money/money.value-object';
import type { PaymentTransaction } from './payment-transaction.aggregate';
import { capturedPayment, minutesAfterT0, processingPayment, unwrap, vnd } from './payment.test-fixtures';

const succeededReport = (payment: PaymentTransaction, overrides: object = {}) => ({
  outcome: 'succeeded' as const,
  gatewayTransactionId: 'gtx-1',
  amount: payment.amount,
  rawCodes: { resultCode: '0' },
  now: minutesAfterT0(3),
  ...overrides,
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
