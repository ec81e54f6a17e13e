import type { TimelineEntry, TransactionView } from '../api/views';

/** What can still be refunded: the amount less every refund that is not failed (a processing one holds its amount). */
export function refundableOf(payment: Pick<TransactionView, 'amount' | 'refunds'>): number {
  const held = payment.refunds.filter((refund) => refund.status !== 'FAILED').reduce((sum, r) => sum + r.amount, 0);
  return Math.max(0, payment.amount - held);
}

/** The amount a timeline entry moved, when a refund moved it. */
export function timelineAmountOf(payment: Pick<TransactionView, 'refunds'>, entry: TimelineEntry): number | undefined {
  return entry.refundId === undefined ? undefined : payment.refunds.find((r) => r.id === entry.refundId)?.amount;
}
