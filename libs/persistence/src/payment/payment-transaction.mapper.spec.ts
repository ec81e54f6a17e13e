import { PaymentTransaction } from '@ppm/domain';
import {
  captured,
  minutesAfterT0,
  orderCreated,
  paymentInput,
  refundRequested,
  unwrap,
  vnd,
} from '../testing/persistence-test-builders';
import { PaymentTransactionMapper } from './payment-transaction.mapper';
import type { PaymentTransactionRow, PaymentTransactionWrite } from './payment-transaction.rows';

/** A time as Postgres' json renders it in a session at UTC+7. */
const atUtcPlus7 = (date: Date): string =>
  new Date(date.getTime() + 7 * 3_600_000).toISOString().replace('Z', '+07:00');

// What Postgres hands back for the rows the mapper wrote: bigint as text, json_agg children with ISO timestamps.
function rowsAsRead(written: PaymentTransactionWrite, version: number): PaymentTransactionRow {
  const payment = written.payment; // refunded_amount is derived: never read back
  return {
    ...payment,
    metadata: payment.metadata === null ? null : (JSON.parse(payment.metadata) as Record<string, unknown>),
    version,
    attempts: written.attempts.map((a) => ({
      id: a.id,
      attempt_number: a.attempt_number,
      gateway_request_id: a.gateway_request_id,
      status: a.status,
      gateway_response:
        a.gateway_response === null ? null : (JSON.parse(a.gateway_response) as Record<string, unknown>),
      failure_code: a.failure_code,
      failure_reason: a.failure_reason,
      created_at: a.created_at.toISOString().replace('Z', '+00:00'),
      completed_at: a.completed_at === null ? null : atUtcPlus7(a.completed_at),
    })),
    refunds: written.refunds.map((r) => ({
      id: r.id,
      amount: r.amount,
      currency: r.currency,
      status: r.status,
      reason: r.reason,
      source_refund_id: r.source_refund_id,
      gateway_request_id: r.gateway_request_id,
      gateway_refund_id: r.gateway_refund_id,
      initiated_by_user_id: r.initiated_by_user_id,
      refund_date: r.refund_date?.toISOString() ?? null,
      failure_reason: r.failure_reason,
      created_at: r.created_at.toISOString(),
      updated_at: r.updated_at.toISOString(),
    })),
  };
}

describe('PaymentTransactionMapper', () => {
  const mapper = new PaymentTransactionMapper();

  it('writes amounts as exact decimal text and reads them back to the same payment', () => {
    const payment = unwrap(
      PaymentTransaction.create(paymentInput('tenant-1', 'gw-1', { amount: vnd('9007199254740993') })),
    );
    orderCreated(payment);
    captured(payment);
    const refundId = refundRequested(payment, vnd('9007199254740991'));
    unwrap(payment.applyRefundResult({ refundId, outcome: 'succeeded', gatewayRefundId: 'g', now: minutesAfterT0(4) }));

    const written = mapper.toColumns(payment);

    expect(written.payment).toMatchObject({ amount: '9007199254740993', refunded_amount: '9007199254740991' });
    expect(written.refunds).toMatchObject([{ amount: '9007199254740991', currency: 'VND', status: 'SUCCEEDED' }]);
    expect(written.attempts).toMatchObject([{ gateway_type: 'VNPAY', attempt_number: 1, status: 'SUCCEEDED' }]);
    expect(mapper.toSnapshot(rowsAsRead(written, 3))).toEqual({ ...payment.toSnapshot(), version: 3 });
  });

  it('refuses rows the domain cannot represent rather than guessing', () => {
    const written = mapper.toColumns(unwrap(PaymentTransaction.create(paymentInput('tenant-1', 'gw-1'))));
    const row = rowsAsRead(written, 1);
    expect(() => mapper.toSnapshot({ ...row, status: 'LOST' })).toThrow('unknown status LOST');
    expect(() => mapper.toSnapshot({ ...row, gateway_type: null })).toThrow('gateway_type is null');
    expect(() => mapper.toSnapshot({ ...row, amount: '12.5' })).toThrow('not valid money');
  });
});
