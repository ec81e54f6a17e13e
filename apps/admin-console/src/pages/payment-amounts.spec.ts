import type { RefundView } from '../api/views';
import { refundableOf, timelineAmountOf } from './payment-amounts';

const refund = (id: string, amount: number, status: string): RefundView => ({
  id,
  amount,
  status,
  reason: null,
  createdAt: '2026-12-01T00:00:00Z',
});

describe('a payment’s amounts on its page', () => {
  it('holds back processing and succeeded refunds from what is refundable, but not failed ones', () => {
    const refunds = [
      refund('a', 50_000, 'SUCCEEDED'),
      refund('b', 30_000, 'PROCESSING'),
      refund('c', 70_000, 'FAILED'),
    ];
    expect(refundableOf({ amount: 150_000, refunds })).toBe(70_000);
    expect(refundableOf({ amount: 50_000, refunds: [refund('a', 50_000, 'SUCCEEDED')] })).toBe(0);
  });

  it('shows the refund’s amount beside the timeline entry it caused', () => {
    const payment = { refunds: [refund('a', 50_000, 'SUCCEEDED')] };
    expect(
      timelineAmountOf(payment, { status: 'PARTIALLY_REFUNDED', at: '', cause: 'REFUND_SUCCEEDED', refundId: 'a' }),
    ).toBe(50_000);
    expect(timelineAmountOf(payment, { status: 'SUCCEEDED', at: '', cause: 'CAPTURED' })).toBeUndefined();
  });
});
