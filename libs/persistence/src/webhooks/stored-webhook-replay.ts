import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@ppm/contracts';
import type { EventContext } from '@ppm/domain';
import { AuditTrail } from '../audit/audit-trail';
import type { DueWebhook } from '../jobs/webhook-retry-queue';
import { OutboxWriter } from '../outbox/outbox-writer';
import type { SqlExecutor } from '../shared/sql-executor';

/** What asking to replay a stored webhook came to. */
export type WebhookReplayOutcome =
  | { kind: 'replayed'; webhook: DueWebhook }
  | { kind: 'not-found' }
  /** Refused on arrival (bad signature, malformed, unknown merchant): there is nothing trustworthy to apply. */
  | { kind: 'not-verified'; verification: string }
  /** APPLIED or DUPLICATE: it changed the payment already (or had nothing to change). */
  | { kind: 'settled'; status: string };

export interface WebhookReplayOptions {
  /** Only this tenant's webhook (an operator of the admin API); the ops CLI acts across tenants. */
  tenantId?: string;
  /** Give it the whole retry schedule again instead of one more try. */
  resetAttempts: boolean;
  /**
   * 0: due now, for the webhook-retry job to apply on its next run. Longer: held off the retry job that long, for a
   * caller that applies it itself at once.
   */
  holdForMs: number;
}

interface ReplayedRow {
  id: string;
  tenant_id: string | null;
  gateway_type: string;
  http_method: string;
  raw_query: string | null;
  raw_body: string | null;
  headers: Record<string, string | undefined>;
  attempts: number;
  received_at: Date;
}

// A CTE, so that TypeORM and pg both return the updated rows as a plain result set.
const REPLAY = `
  WITH replayed AS (
    UPDATE webhook_events
       SET processing_status = 'PENDING', next_attempt_at = now() + make_interval(secs => $4), processed_at = NULL,
           attempts = CASE WHEN $3 THEN 0 ELSE attempts END
     WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2)
       AND verification = 'VERIFIED' AND processing_status IN ('PENDING', 'FAILED', 'REJECTED')
    RETURNING id, tenant_id, gateway_type, http_method, raw_query, raw_body, headers, attempts, received_at)
  SELECT * FROM replayed`;

const FIND = `SELECT processing_status, verification FROM webhook_events
               WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2)`;

/**
 * An operator's replay of a stored gateway webhook that was not applied (PENDING, FAILED, REJECTED): made due again
 * and recorded in the audit trail, in the caller's transaction, so a hand on a webhook is always on record. The ops
 * CLI (`webhooks:replay`) and the worker's `gateway-ipn.replay` both replay through this.
 */
export class StoredWebhookReplay {
  private readonly audit = new AuditTrail(new OutboxWriter());

  async replay(
    db: SqlExecutor,
    id: string,
    options: WebhookReplayOptions,
    context: EventContext,
  ): Promise<WebhookReplayOutcome> {
    const tenantId = options.tenantId ?? null;
    const [row] = rowsOf<ReplayedRow>(
      await db.query(REPLAY, [id, tenantId, options.resetAttempts, options.holdForMs / 1000]),
    );
    if (!row) {
      const [found] = rowsOf<{ processing_status: string; verification: string }>(await db.query(FIND, [id, tenantId]));
      if (!found) return { kind: 'not-found' };
      if (found.verification !== 'VERIFIED') return { kind: 'not-verified', verification: found.verification };
      return { kind: 'settled', status: found.processing_status };
    }
    await this.audit.record(db, 'webhook', [replayEvent(row, options.resetAttempts, context)], context);
    return {
      kind: 'replayed',
      webhook: {
        id: row.id,
        gatewayType: row.gateway_type,
        method: row.http_method,
        rawQuery: row.raw_query,
        rawBody: row.raw_body,
        headers: row.headers,
        attempts: row.attempts,
        receivedAt: row.received_at,
      },
    };
  }
}

function replayEvent(row: ReplayedRow, resetAttempts: boolean, context: EventContext): EventEnvelope {
  return {
    id: randomUUID(),
    type: 'ppm.webhook.replayed',
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: row.tenant_id,
    aggregateType: 'GatewayWebhook',
    aggregateId: row.id,
    aggregateVersion: 1,
    traceId: context.traceId,
    correlationId: context.correlationId,
    causationId: context.causationId,
    data: { gatewayType: row.gateway_type, resetAttempts },
  };
}

// TypeORM returns a SELECT's rows, pg a result holding them.
function rowsOf<R>(result: unknown): R[] {
  return Array.isArray(result) ? (result as R[]) : (result as { rows: R[] }).rows;
}
