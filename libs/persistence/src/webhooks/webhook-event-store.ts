import type { DataSource } from 'typeorm';
import { preparedQuery } from '../shared/prepared-query';

/** A webhook exactly as it arrived, with what checking its signature found. */
export interface ReceivedWebhook {
  gatewayType: string;
  tenantId: string | null;
  gatewayConfigurationId: string | null;
  /** The gateway's own ids that make this callback unique (or a hash of it when it could not be read). */
  dedupKey: string;
  method: string;
  rawQuery: string | null;
  rawBody: string | null;
  headers: Record<string, string | undefined>;
  sourceIp: string | null;
  verification: 'VERIFIED' | 'BAD_SIGNATURE' | 'MALFORMED' | 'UNKNOWN_MERCHANT';
}

/** How handling a stored webhook ended. */
export type WebhookProcessing = 'APPLIED' | 'DUPLICATE' | 'REJECTED';

/**
 * `webhook_events`: every webhook is stored before it is answered, so none is lost even when applying it fails;
 * one that could not be applied stays PENDING with a time for the retry loop. Each delivery is its own row (a
 * duplicate is evidence too); applying is idempotent downstream.
 */
export class WebhookEventStore {
  constructor(private readonly dataSource: DataSource) {}

  async record(webhook: ReceivedWebhook): Promise<string> {
    const rejected = webhook.verification !== 'VERIFIED';
    const [row] = await preparedQuery<{ id: string }>(
      this.dataSource,
      `INSERT INTO webhook_events (gateway_type, tenant_id, payment_gateway_id, dedup_key, http_method, raw_query, raw_body,
                                   headers, source_ip, verification, processing_status, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, CASE WHEN $12 THEN now() END)
       RETURNING id`,
      [
        webhook.gatewayType,
        webhook.tenantId,
        webhook.gatewayConfigurationId,
        webhook.dedupKey,
        webhook.method,
        webhook.rawQuery,
        webhook.rawBody,
        JSON.stringify(webhook.headers),
        webhook.sourceIp,
        webhook.verification,
        rejected ? 'REJECTED' : 'PENDING',
        rejected,
      ],
    );
    if (!row) throw new Error('webhook_events insert returned no id');
    return row.id;
  }

  /** The webhook was handled: applied, a duplicate of one applied before, or refused (unknown order, amount). */
  async markProcessed(id: string, processing: WebhookProcessing, outcome: string, replyCode: string): Promise<void> {
    await preparedQuery(
      this.dataSource,
      `UPDATE webhook_events SET processing_status = $2, outcome = $3, reply_code = $4, attempts = attempts + 1,
              processed_at = now(), next_attempt_at = NULL, last_error = NULL
        WHERE id = $1`,
      [id, processing, outcome, replyCode],
    );
  }

  /** Applying failed on our side: keep it PENDING for the retry loop, after `retryInMs`. */
  async markForRetry(id: string, error: string, retryInMs: number): Promise<void> {
    await preparedQuery(
      this.dataSource,
      `UPDATE webhook_events SET attempts = attempts + 1, last_error = $2,
              next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
        WHERE id = $1`,
      [id, error, retryInMs],
    );
  }
}
