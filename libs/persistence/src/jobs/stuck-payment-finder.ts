import type { DataSource } from 'typeorm';

/** A payment to ask its gateway about, and whose it is. */
export interface PaymentToSync {
  transactionId: string;
  tenantId: string;
}

/** One page of a scan; `next` is where the following page starts, null when this page was the last. */
export interface PaymentPage<P> {
  payments: PaymentToSync[];
  next: P | null;
}

/** Where a scan of payments in flight stands: (updated_at, id) of the last payment seen, exact to the microsecond. */
export interface InFlightPosition {
  updatedAt: string;
  transactionId: string;
}

/**
 * Finds what callbacks have not settled, for the stuck-payment sync: payments still in flight (PENDING or
 * PROCESSING) untouched for a while, and captured payments with refunds still in flight. Both are read a page at a
 * time with a keyset, across tenants, so one pass visits each candidate once even though a sync that learns
 * nothing new leaves the row as it was.
 */
export class StuckPaymentFinder {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Payments PENDING or PROCESSING whose last change is older than `olderThanMs`, oldest first, after `after`.
   * Served by the partial index on (status, updated_at) of in-flight payments, which stays small by construction.
   */
  async paymentsInFlight(
    olderThanMs: number,
    after: InFlightPosition | null,
    limit: number,
  ): Promise<PaymentPage<InFlightPosition>> {
    // updated_at travels as text: a JS Date keeps milliseconds only, and a truncated position would find the same
    // row again on the next page.
    const rows = await this.dataSource.query<{ id: string; tenant_id: string; updated_at: string }[]>(
      `SELECT id, tenant_id, updated_at::text AS updated_at
         FROM payment_transactions
        WHERE status IN ('PENDING', 'PROCESSING')
          AND updated_at < now() - make_interval(secs => $1)
          AND ($2::timestamptz IS NULL OR (updated_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY updated_at, id
        LIMIT $4`,
      [olderThanMs / 1000, after?.updatedAt ?? null, after?.transactionId ?? null, limit],
    );
    const last = rows.at(-1);
    return {
      payments: rows.map((row) => ({ transactionId: row.id, tenantId: row.tenant_id })),
      next: rows.length === limit && last ? { updatedAt: last.updated_at, transactionId: last.id } : null,
    };
  }

  /**
   * Payments with at least one refund PROCESSING (sent, its answer not known yet) for longer than `olderThanMs`,
   * in id order after `afterTransactionId`. Only asynchronous refunds (ZaloPay's) and refunds whose outcome a
   * gateway left unknown stay PROCESSING, so the set is small.
   */
  async paymentsWithRefundsInFlight(
    olderThanMs: number,
    afterTransactionId: string | null,
    limit: number,
  ): Promise<PaymentPage<string>> {
    const rows = await this.dataSource.query<{ id: string; tenant_id: string }[]>(
      `SELECT DISTINCT payment_transaction_id AS id, tenant_id
         FROM refunds
        WHERE status = 'PROCESSING'
          AND updated_at < now() - make_interval(secs => $1)
          AND ($2::uuid IS NULL OR payment_transaction_id > $2::uuid)
        ORDER BY id
        LIMIT $3`,
      [olderThanMs / 1000, afterTransactionId, limit],
    );
    const last = rows.at(-1);
    return {
      payments: rows.map((row) => ({ transactionId: row.id, tenantId: row.tenant_id })),
      next: rows.length === limit && last ? last.id : null,
    };
  }
}
