import type { DataSource } from 'typeorm';

/**
 * Deletes stored webhooks past the retention period once they are settled (APPLIED, DUPLICATE, REJECTED).
 * PENDING ones are still owed an application and FAILED ones await an operator's replay, so neither is ever
 * deleted by age. Requests that failed verification are anyone's traffic rather than a gateway's evidence: they go
 * sooner, on a retention of their own.
 */
export class WebhookRetention {
  constructor(private readonly dataSource: DataSource) {}

  /** Deletes up to `batch` settled webhooks received more than `retentionDays` ago; returns how many went. */
  deleteSettledBefore(retentionDays: number, batch = 5_000): Promise<number> {
    return this.deleteBefore(`processing_status IN ('APPLIED', 'DUPLICATE', 'REJECTED')`, retentionDays, batch);
  }

  /**
   * Deletes up to `batch` webhooks that failed verification, received more than `retentionDays` ago. They are
   * REJECTED from their insert on, so none of them waits on a retry or an operator.
   */
  deleteUnverifiedBefore(retentionDays: number, batch = 5_000): Promise<number> {
    return this.deleteBefore(`verification <> 'VERIFIED'`, retentionDays, batch);
  }

  private async deleteBefore(condition: string, retentionDays: number, batch: number): Promise<number> {
    // No index leads with received_at; rows are appended in arrival order, so the oldest sit at the start of the
    // heap and each batch's scan finds its rows early.
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `WITH gone AS (
         DELETE FROM webhook_events WHERE id IN (
           SELECT id FROM webhook_events
            WHERE ${condition}
              AND received_at < now() - make_interval(days => $1)
            LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [retentionDays, batch],
    );
    return row?.n ?? 0;
  }
}
