import { Money } from '../money/money.value-object';
import type { PaymentTransaction } from './payment-transaction.aggregate';
import type { RequestRefundInput } from './payment-transaction.inputs';
import { capturedPayment, minutesAfterT0, processingPayment, T0, unwrap, vnd } from './payment.test-fixtures';

let ids = 0;
const refundOf = (amount: bigint, overrides: Partial<RequestRefundInput> = {}): RequestRefundInput => {
  ids += 1;
  return {
    refundId: `rf-${ids}`,
    amount: vnd(amount),
    reason: 'Customer returned the goods',
    gatewayRequestId: `rfq-${ids}`,
    initiatedByUserId: 'user-9',
    now: minutesAfterT0(10),
    ...overrides,
  };
};

const succeed = (payment: PaymentTransaction, refundId: string, gatewayRefundId = `g-${refundId}`) =>
  payment.applyRefundResult({ refundId, outcome: 'succeeded', gatewayRefundId, now: minutesAfterT0(11) });

describe('PaymentTransaction: requesting refunds', () => {
  it('given a captured payment, when a partial refund is requested, then it is reserved and RefundRequested went out', () => {
    const payment = capturedPayment();

    const outcome = unwrap(payment.requestRefund(refundOf(30_000n, { sourceRefundId: 'src-1' })));

    expect(outcome.effect).toBe('APPLIED');
    expect(outcome.refund).toMatchObject({ status: 'REQUESTED', sourceRefundId: 'src-1', initiatedByUserId: 'user-9' });
    expect(outcome.remainingRefundable.equals(vnd(70_000n))).toBe(true);
    expect(payment.status).toBe('SUCCEEDED');
    expect(payment.pullEvents()).toMatchObject([
      {
        type: 'RefundRequested',
        aggregateId: 'pay-1',
        data: { refundId: outcome.refund.id, amount: '30000', paymentAmount: '100000', remainingRefundable: '70000' },
      },
    ]);
  });

  it('given refunds already reserve part of it, when more than the rest is asked, then REFUND_EXCEEDS_REFUNDABLE says how much is left', () => {
    const payment = capturedPayment();
    unwrap(payment.requestRefund(refundOf(60_000n)));

    expect(payment.requestRefund(refundOf(40_001n))).toMatchObject({
      ok: false,
      error: { code: 'REFUND_EXCEEDS_REFUNDABLE', details: { requested: '40001', remainingRefundable: '40000' } },
    });
    expect(unwrap(payment.requestRefund(refundOf(40_000n))).remainingRefundable.equals(vnd(0n))).toBe(true);
  });

  it('given a payment not captured, when a refund is requested, then it is refused', () => {
    expect(processingPayment().requestRefund(refundOf(1n))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE_TRANSITION' },
    });
  });

  it.each([
    ['zero', () => vnd(0n), 'INVALID_AMOUNT'],
    ['negative', () => vnd(-1n), 'INVALID_AMOUNT'],
    ['in another currency', () => unwrap(Money.of(1, 'USD')), 'INVALID_CURRENCY'],
  ])('given a refund amount that is %s, then it is refused', (_case, amount, code) => {
    expect(capturedPayment().requestRefund({ ...refundOf(1n), amount: amount() })).toMatchObject({
      ok: false,
      error: { code },
    });
  });

  it('given a sourceRefundId already used, when requested again, then the existing refund comes back and nothing new is reserved', () => {
    const payment = capturedPayment();
    const first = unwrap(payment.requestRefund(refundOf(10_000n, { sourceRefundId: 'src-1' })));
    payment.pullEvents();

    const again = unwrap(payment.requestRefund(refundOf(10_000n, { sourceRefundId: 'src-1' })));

    expect(again.effect).toBe('DUPLICATE');
    expect(again.refund.id).toBe(first.refund.id);
    expect(payment.refunds).toHaveLength(1);
    expect(payment.refundableAmount().equals(vnd(90_000n))).toBe(true);
    expect(payment.pullEvents()).toEqual([]);
    expect(payment.requestRefund(refundOf(20_000n, { sourceRefundId: 'src-1' }))).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
  });

  it('given a full refund made the payment REFUNDED, when its sourceRefundId is replayed, then the refund still comes back', () => {
    const payment = capturedPayment();
    const first = unwrap(payment.requestRefund(refundOf(100_000n, { sourceRefundId: 'src-all' })));
    unwrap(succeed(payment, first.refund.id));

    const again = unwrap(payment.requestRefund(refundOf(100_000n, { sourceRefundId: 'src-all' })));

    expect(again).toMatchObject({ effect: 'DUPLICATE', refund: { id: first.refund.id, status: 'SUCCEEDED' } });
  });
});

describe('PaymentTransaction: refund results', () => {
  it('given a processing refund, when the gateway confirms it, then the payment is PARTIALLY_REFUNDED and RefundProcessed went out', () => {
    const payment = capturedPayment();
    const { refund } = unwrap(payment.requestRefund(refundOf(25_000n)));
    expect(unwrap(payment.markRefundProcessing({ refundId: refund.id, now: minutesAfterT0(10) })).effect).toBe(
      'APPLIED',
    );
    expect(unwrap(payment.markRefundProcessing({ refundId: refund.id, now: minutesAfterT0(10) })).effect).toBe(
      'DUPLICATE',
    );
    payment.pullEvents();

    expect(unwrap(succeed(payment, refund.id, 'gr-1')).effect).toBe('APPLIED');

    expect(payment.status).toBe('PARTIALLY_REFUNDED');
    expect(payment.findRefund(refund.id)).toMatchObject({
      status: 'SUCCEEDED',
      gatewayRefundId: 'gr-1',
      refundDate: minutesAfterT0(11),
    });
    expect(payment.refundedAmount().equals(vnd(25_000n))).toBe(true);
    expect(payment.pullEvents()).toMatchObject([
      {
        type: 'RefundProcessed',
        data: { refundedAmount: '25000', remainingRefundable: '75000', paymentStatus: 'PARTIALLY_REFUNDED' },
      },
    ]);
  });

  it('given refunds that add up to the amount, when the last one succeeds, then the payment is REFUNDED', () => {
    const payment = capturedPayment();
    const a = unwrap(payment.requestRefund(refundOf(40_000n))).refund;
    const b = unwrap(payment.requestRefund(refundOf(60_000n))).refund;

    unwrap(succeed(payment, a.id));
    expect(payment.status).toBe('PARTIALLY_REFUNDED');
    unwrap(succeed(payment, b.id));

    expect(payment.status).toBe('REFUNDED');
    expect(payment.refundedAmount().equals(payment.amount)).toBe(true);
    expect(payment.requestRefund(refundOf(1n))).toMatchObject({
      ok: false,
      error: { code: 'REFUND_EXCEEDS_REFUNDABLE' },
    });
  });

  it('given a refund the gateway refuses, then its amount becomes refundable again and RefundFailed went out', () => {
    const payment = capturedPayment();
    const { refund } = unwrap(payment.requestRefund(refundOf(100_000n)));
    expect(payment.refundableAmount().equals(vnd(0n))).toBe(true);
    payment.pullEvents();

    unwrap(
      payment.applyRefundResult({
        refundId: refund.id,
        outcome: 'failed',
        gatewayRefundId: null,
        reason: 'Insufficient balance',
        now: T0,
      }),
    );

    expect(payment.status).toBe('SUCCEEDED');
    expect(payment.refundableAmount().equals(vnd(100_000n))).toBe(true);
    expect(payment.findRefund(refund.id)).toMatchObject({ status: 'FAILED', failureReason: 'Insufficient balance' });
    expect(payment.pullEvents()).toMatchObject([
      { type: 'RefundFailed', data: { failureReason: 'Insufficient balance', remainingRefundable: '100000' } },
    ]);
    expect(unwrap(payment.requestRefund(refundOf(100_000n))).effect).toBe('APPLIED');
  });

  it('given a final refund result, when it is reported again, then it is a DUPLICATE; the opposite result is refused', () => {
    const payment = capturedPayment();
    const { refund } = unwrap(payment.requestRefund(refundOf(5_000n)));
    unwrap(succeed(payment, refund.id, 'gr-1'));
    payment.pullEvents();

    expect(unwrap(succeed(payment, refund.id, 'gr-1')).effect).toBe('DUPLICATE');
    expect(payment.pullEvents()).toEqual([]);
    expect(
      payment.applyRefundResult({ refundId: refund.id, outcome: 'failed', gatewayRefundId: null, now: T0 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE_TRANSITION' },
    });
  });

  it('given an unknown refund id, then REFUND_NOT_FOUND', () => {
    const payment = capturedPayment();

    expect(succeed(payment, 'nope')).toMatchObject({ ok: false, error: { code: 'REFUND_NOT_FOUND' } });
    expect(payment.markRefundProcessing({ refundId: 'nope', now: T0 })).toMatchObject({
      ok: false,
      error: { code: 'REFUND_NOT_FOUND' },
    });
  });
});
