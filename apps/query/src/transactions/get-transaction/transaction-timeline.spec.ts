import type { PaymentAttemptView, RefundView, TransactionView } from '@ppm/contracts';
import { statusTimeline } from './transaction-timeline';

const attempt = (overrides: Partial<PaymentAttemptView>): PaymentAttemptView => ({
  id: 'a-1',
  attemptNumber: 1,
  status: 'SUCCEEDED',
  gatewayRequestId: 'req-1',
  failureCode: null,
  failureReason: null,
  createdAt: '2024-11-22T10:00:00.100Z',
  completedAt: '2024-11-22T10:00:00.500Z',
  ...overrides,
});

const refund = (overrides: Partial<RefundView>): RefundView => ({
  id: 'r-1',
  transactionId: 't-1',
  amount: 40_000,
  currency: 'VND',
  status: 'SUCCEEDED',
  reason: 'returned',
  sourceRefundId: null,
  gatewayRefundId: 'g-r-1',
  initiatedByUserId: null,
  refundDate: '2024-11-23T09:00:00.000Z',
  failureReason: null,
  createdAt: '2024-11-23T08:59:00.000Z',
  updatedAt: '2024-11-23T09:00:00.000Z',
  ...overrides,
});

const payment = (overrides: Partial<TransactionView>): Omit<TransactionView, 'timeline'> => ({
  id: 't-1',
  status: 'PROCESSING',
  amount: 100_000,
  currency: 'VND',
  paymentMethodType: 'E_WALLET',
  gatewayType: 'MOMO',
  gatewayConfigurationId: 'c-1',
  gatewayReference: 'ref-1',
  gatewayTransactionId: null,
  sourceBoundedContext: 'orders',
  sourceTransactionId: 'o-1',
  description: null,
  initiatedByUserId: null,
  customerRef: null,
  clientIp: null,
  refundedAmount: 0,
  lateCapture: false,
  failureCode: null,
  failureReason: null,
  metadata: null,
  expiresAt: null,
  completedAt: null,
  createdAt: '2024-11-22T10:00:00.000Z',
  updatedAt: '2024-11-22T10:00:00.500Z',
  version: 2,
  attempts: [attempt({})],
  refunds: [],
  ...overrides,
});

const steps = (view: Omit<TransactionView, 'timeline'>) =>
  statusTimeline(view).map(({ status, cause }) => `${status}:${cause}`);

describe('statusTimeline', () => {
  it('shows creation, the opened order and the capture', () => {
    const captured = payment({ status: 'SUCCEEDED', completedAt: '2024-11-22T10:05:00.000Z' });
    expect(statusTimeline(captured)).toEqual([
      { status: 'PENDING', at: '2024-11-22T10:00:00.000Z', cause: 'CREATED' },
      { status: 'PROCESSING', at: '2024-11-22T10:00:00.500Z', cause: 'GATEWAY_ORDER_CREATED', attemptId: 'a-1' },
      { status: 'SUCCEEDED', at: '2024-11-22T10:05:00.000Z', cause: 'CAPTURED' },
    ]);
  });

  it('shows a refused order as the failure, once', () => {
    const refused = payment({
      status: 'FAILED',
      completedAt: '2024-11-22T10:00:00.500Z',
      attempts: [attempt({ status: 'FAILED', failureCode: 'GATEWAY_ERROR' })],
    });
    expect(steps(refused)).toEqual(['PENDING:CREATED', 'FAILED:GATEWAY_ORDER_REFUSED']);
  });

  describe('with a payment the risk rules held for review', () => {
    const decision = (review: NonNullable<TransactionView['riskDecision']>['review']) => ({
      action: 'REVIEW',
      rulesHit: [{ index: 3, type: 'DAILY_AMOUNT', action: 'REVIEW' }],
      ruleSetVersion: 2,
      countersUnavailable: false,
      decidedAt: '2024-11-22T10:00:00.000Z',
      review,
    });
    const reviewedAt = '2024-11-22T11:00:00.000Z';

    it('shows the hold, the approval, then the order and capture as usual', () => {
      const approved = payment({
        status: 'SUCCEEDED',
        completedAt: '2024-11-22T11:05:00.000Z',
        attempts: [attempt({ completedAt: '2024-11-22T11:00:01.000Z' })],
        riskDecision: decision({ decision: 'APPROVE', reviewedBy: 'op-1', note: null, reviewedAt }),
      });
      expect(statusTimeline(approved).slice(0, 3)).toEqual([
        { status: 'PENDING', at: '2024-11-22T10:00:00.000Z', cause: 'CREATED' },
        { status: 'PENDING_REVIEW', at: '2024-11-22T10:00:00.000Z', cause: 'HELD_FOR_REVIEW' },
        { status: 'PENDING', at: reviewedAt, cause: 'REVIEW_APPROVED' },
      ]);
      expect(steps(approved).slice(3)).toEqual(['PROCESSING:GATEWAY_ORDER_CREATED', 'SUCCEEDED:CAPTURED']);
    });

    it('shows a rejection as the cancellation, once, and a payment still waiting as held', () => {
      const rejected = payment({
        status: 'CANCELLED',
        completedAt: reviewedAt,
        attempts: [],
        riskDecision: decision({ decision: 'REJECT', reviewedBy: 'op-1', note: 'stolen card', reviewedAt }),
      });
      expect(steps(rejected)).toEqual([
        'PENDING:CREATED',
        'PENDING_REVIEW:HELD_FOR_REVIEW',
        'CANCELLED:REVIEW_REJECTED',
      ]);
      const waiting = payment({ status: 'PENDING_REVIEW', attempts: [], riskDecision: decision(null) });
      expect(steps(waiting)).toEqual(['PENDING:CREATED', 'PENDING_REVIEW:HELD_FOR_REVIEW']);
    });
  });

  it('keeps a retried order after a timeout at PROCESSING, and shows a cancellation', () => {
    const cancelled = payment({
      status: 'CANCELLED',
      completedAt: '2024-11-22T10:10:00.000Z',
      attempts: [
        attempt({ status: 'TIMED_OUT' }),
        attempt({ id: 'a-2', attemptNumber: 2, completedAt: '2024-11-22T10:01:00.000Z' }),
      ],
    });
    expect(steps(cancelled)).toEqual(['PENDING:CREATED', 'PROCESSING:GATEWAY_ORDER_TIMED_OUT', 'CANCELLED:CLOSED']);
  });

  it('moves through PARTIALLY_REFUNDED to REFUNDED as succeeded refunds add up, ignoring failed ones', () => {
    const refunded = payment({
      status: 'REFUNDED',
      completedAt: '2024-11-22T10:05:00.000Z',
      refunds: [
        refund({ id: 'r-2', amount: 60_000, refundDate: '2024-11-24T09:00:00.000Z' }),
        refund({ id: 'r-f', status: 'FAILED', refundDate: null }),
        refund({ id: 'r-1', amount: 40_000 }),
      ],
    });
    const timeline = statusTimeline(refunded);
    expect(timeline.map((e) => `${e.status}:${e.refundId ?? ''}`).slice(3)).toEqual([
      'PARTIALLY_REFUNDED:r-1',
      'REFUNDED:r-2',
    ]);
  });

  it('marks a late capture, and still ends at the stored status when the facts are incomplete', () => {
    expect(steps(payment({ status: 'SUCCEEDED', lateCapture: true, completedAt: '2024-11-22T11:00:00.000Z' }))).toEqual(
      ['PENDING:CREATED', 'PROCESSING:GATEWAY_ORDER_CREATED', 'SUCCEEDED:LATE_CAPTURED'],
    );
    expect(steps(payment({ status: 'PROCESSING', attempts: [] }))).toEqual(['PENDING:CREATED', 'PROCESSING:UPDATED']);
    expect(
      steps(payment({ status: 'PENDING', attempts: [attempt({ status: 'PENDING', completedAt: null })] })),
    ).toEqual(['PENDING:CREATED']);
  });
});
