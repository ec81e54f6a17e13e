import type { DataSource } from 'typeorm';

/**
 * Forgets merchant webhook deliveries that were DELIVERED long ago, with their attempts (deleted with them by the
 * foreign key). Pending deliveries are work and failed ones are what an operator recovers, so neither is touched.
 */
export class WebhookDeliveryRetention {
  constructor(private readonly dataSource: DataSource) {}

  /** Deletes up to `batch` deliveries DELIVERED more than `retentionDays` ago; returns how many went. */
  async deleteDeliveredBefore(retentionDays: number, batch: number): Promise<number> {
    // A delivered row changes no more, so its updated_at is when it was delivered (ix_webhook_deliveries_delivered).
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `WITH doomed AS (
         SELECT id FROM webhook_deliveries
          WHERE status = 'DELIVERED' AND updated_at < now() - make_interval(days => $1)
          ORDER BY updated_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED),
       gone AS (DELETE FROM webhook_deliveries w USING doomed WHERE w.id = doomed.id RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [retentionDays, batch],
    );
    return row?.n ?? 0;
  }
}
