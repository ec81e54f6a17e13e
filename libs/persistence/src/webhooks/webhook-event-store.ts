import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { refusedForItsData } from '../shared/postgres-errors';
import { preparedQuery } from '../shared/prepared-query';
import { StatementBatcher } from '../shared/statement-batcher';

/** A webhook exactly as it arrived, with what checking its signature found. */
export interface ReceivedWebhook {
  gatewayType: string;
  tenantId: string | null;
  gatewayConfigurationId: string | null;
  /** The payment it names, once verified: what an operator follows it to. */
  paymentTransactionId?: string | null;
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

/** How one stored webhook ended (see `markProcessed`). */
interface WebhookOutcome {
  id: string;
  processing: WebhookProcessing;
  outcome: string;
  replyCode: string;
}

// Many webhooks in one statement each (see StatementBatcher): one array parameter per column.
const INSERT_WEBHOOKS = `
  INSERT INTO webhook_events (id, gateway_type, tenant_id, payment_gateway_id, dedup_key, http_method, raw_query,
                              raw_body, headers, source_ip, verification, payment_transaction_id, processing_status,
                              processed_at)
  SELECT w.id, w.gateway_type, w.tenant_id, w.payment_gateway_id, w.dedup_key, w.http_method, w.raw_query,
         w.raw_body, w.headers, w.source_ip, w.verification, w.payment_transaction_id,
         CASE WHEN w.verification = 'VERIFIED' THEN 'PENDING' ELSE 'REJECTED' END,
         CASE WHEN w.verification <> 'VERIFIED' THEN now() END
    FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::jsonb[], $10::text[], $11::text[], $12::uuid[])
         AS w (id, gateway_type, tenant_id, payment_gateway_id, dedup_key, http_method, raw_query, raw_body, headers,
               source_ip, verification, payment_transaction_id)`;

const MARK_PROCESSED = `
  UPDATE webhook_events w
     SET processing_status = o.processing, outcome = o.outcome, reply_code = o.reply_code,
         attempts = w.attempts + 1, processed_at = now(), next_attempt_at = NULL, last_error = NULL
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS o (id, processing, outcome, reply_code)
   WHERE w.id = o.id`;

/**
 * `webhook_events`: every webhook is stored before it is answered, so none is lost even when applying it fails;
 * one that could not be applied stays PENDING with a time for the retry loop. Each delivery is its own row (a
 * duplicate is evidence too); applying is idempotent downstream. Concurrent webhooks are stored, and their
 * outcomes recorded, a batch per statement: one round trip and one commit for all that arrive together.
 */
export class WebhookEventStore {
  private readonly inserts = new StatementBatcher<ReceivedWebhook & { id: string }, string>(async (webhooks) => {
    const column = <K extends keyof (ReceivedWebhook & { id: string })>(key: K) => webhooks.map((w) => w[key]);
    await preparedQuery(this.dataSource, INSERT_WEBHOOKS, [
      column('id'),
      column('gatewayType'),
      column('tenantId'),
      column('gatewayConfigurationId'),
      column('dedupKey'),
      column('method'),
      column('rawQuery'),
      column('rawBody'),
      webhooks.map((w) => JSON.stringify(w.headers)),
      column('sourceIp'),
      column('verification'),
      webhooks.map((w) => w.paymentTransactionId ?? null),
    ]);
    return column('id');
  }, refusedForItsData);

  private readonly outcomes = new StatementBatcher<WebhookOutcome, void>(async (outcomes) => {
    await preparedQuery(this.dataSource, MARK_PROCESSED, [
      outcomes.map((o) => o.id),
      outcomes.map((o) => o.processing),
      outcomes.map((o) => o.outcome),
      outcomes.map((o) => o.replyCode),
    ]);
    return outcomes.map(() => undefined);
  }, refusedForItsData);

  constructor(private readonly dataSource: DataSource) {}

  /** Stores a webhook as it arrived (PENDING when verified, REJECTED otherwise); answers its id once committed. */
  record(webhook: ReceivedWebhook): Promise<string> {
    return this.inserts.submit({ ...webhook, id: randomUUID() });
  }

  /** The webhook was handled: applied, a duplicate of one applied before, or refused (unknown order, amount). */
  markProcessed(id: string, processing: WebhookProcessing, outcome: string, replyCode: string): Promise<void> {
    return this.outcomes.submit({ id, processing, outcome, replyCode });
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
