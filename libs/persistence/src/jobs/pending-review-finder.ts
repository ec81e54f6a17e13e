import type { DataSource } from 'typeorm';
import type { PaymentToSync } from './stuck-payment-finder';

/** How many payments wait for an operator's review, across tenants, and since when the oldest has. */
export interface ReviewBacklog {
  waiting: number;
  oldestCreatedAt: Date | null;
}

/**
 * Finds the payments the risk rules held for review (PENDING_REVIEW), for the review expiry job: those past the
 * review timeout, and the backlog its gauges show. Served by the partial index on the payments in review.
 */
export class PendingReviewFinder {
  constructor(private readonly dataSource: DataSource) {}

  /** Payments in review created more than `timeoutMs` ago, oldest first, at most `limit`. */
  async overdue(timeoutMs: number, limit: number): Promise<PaymentToSync[]> {
    const rows = await this.dataSource.query<{ id: string; tenant_id: string }[]>(
      `SELECT id, tenant_id
         FROM payment_transactions
        WHERE status = 'PENDING_REVIEW' AND created_at <= now() - make_interval(secs => $1)
        ORDER BY created_at, id
        LIMIT $2`,
      [timeoutMs / 1000, limit],
    );
    return rows.map((row) => ({ transactionId: row.id, tenantId: row.tenant_id }));
  }

  async backlog(): Promise<ReviewBacklog> {
    const [row] = await this.dataSource.query<{ waiting: number; oldest: Date | null }[]>(
      `SELECT count(*)::int AS waiting, min(created_at) AS oldest
         FROM payment_transactions
        WHERE status = 'PENDING_REVIEW'`,
    );
    return { waiting: row?.waiting ?? 0, oldestCreatedAt: row?.oldest ?? null };
  }
}
