import type { DataSource } from 'typeorm';

/**
 * Forgets consumed event ids past the retention period. An id only has to be remembered for as long as the broker
 * can still deliver that event again (retries, DLQ replays by an operator), which is hours or days; a retention of
 * two weeks leaves a wide margin while keeping `inbox_messages` from growing for ever.
 */
export class InboxRetention {
  constructor(private readonly dataSource: DataSource) {}

  /** Deletes up to `batch` inbox rows received more than `retentionDays` ago; returns how many went. */
  async deleteReceivedBefore(retentionDays: number, batch = 5_000): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `WITH gone AS (
         DELETE FROM inbox_messages WHERE (consumer, message_id) IN (
           SELECT consumer, message_id FROM inbox_messages
            WHERE received_at < now() - make_interval(days => $1)
            LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [retentionDays, batch],
    );
    return row?.n ?? 0;
  }
}
