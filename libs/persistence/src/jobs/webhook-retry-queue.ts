import type { DataSource } from 'typeorm';

/** A stored webhook due to be applied again, with the raw request it arrived as. */
export interface DueWebhook {
  id: string;
  gatewayType: string;
  method: string;
  rawQuery: string | null;
  rawBody: string | null;
  headers: Record<string, string | undefined>;
  /** Tries so far (the delivery itself counts as the first). */
  attempts: number;
  receivedAt: Date;
}

// Longer than the longest apply timeout the worker allows (30 s): a verified webhook still PENDING without a retry
// time after this was stranded (its instance stopped between storing and applying it), not merely in progress.
const STRANDED_AFTER_MS = 60_000;

/**
 * The verified webhooks our own retry loop owes another try: PENDING ones whose `next_attempt_at` has come, and
 * ones stranded PENDING with none (the instance that stored them stopped before applying them). Claiming moves
 * `next_attempt_at` forward, so rows being retried are not handed out twice even if two loops ever overlap; a loop
 * that dies mid-batch leaves its rows to come back once the claim lapses.
 */
export class WebhookRetryQueue {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims up to `limit` due webhooks, oldest due first, for `claimForMs`. */
  async claimDue(limit: number, claimForMs: number): Promise<DueWebhook[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        gateway_type: string;
        http_method: string;
        raw_query: string | null;
        raw_body: string | null;
        headers: Record<string, string | undefined>;
        attempts: number;
        received_at: Date;
      }[]
    >(
      `WITH claimed AS (
         UPDATE webhook_events w SET next_attempt_at = now() + make_interval(secs => $2)
           FROM (SELECT id FROM webhook_events
                  WHERE processing_status = 'PENDING' AND verification = 'VERIFIED'
                    AND (next_attempt_at <= now()
                         OR (next_attempt_at IS NULL AND received_at < now() - make_interval(secs => $3)))
                  ORDER BY coalesce(next_attempt_at, received_at)
                  LIMIT $1
                  FOR UPDATE SKIP LOCKED) due
          WHERE w.id = due.id
         RETURNING w.id, w.gateway_type, w.http_method, w.raw_query, w.raw_body, w.headers, w.attempts, w.received_at)
       SELECT * FROM claimed`,
      [limit, claimForMs / 1000, STRANDED_AFTER_MS / 1000],
    );
    return rows.map((row) => ({
      id: row.id,
      gatewayType: row.gateway_type,
      method: row.http_method,
      rawQuery: row.raw_query,
      rawBody: row.raw_body,
      headers: row.headers,
      attempts: row.attempts,
      receivedAt: row.received_at,
    }));
  }

  /** Stops retrying a webhook that failed on our side too many times: FAILED, kept for an operator to replay. */
  async giveUp(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_events SET processing_status = 'FAILED', attempts = attempts + 1, last_error = $2,
              next_attempt_at = NULL, processed_at = now()
        WHERE id = $1 AND processing_status = 'PENDING'`,
      [id, error],
    );
  }
}
