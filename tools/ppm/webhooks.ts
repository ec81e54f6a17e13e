import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Client } from 'pg';
import type { EventEnvelope } from '@ppm/contracts';
import { AuditTrail, OutboxWriter } from '@ppm/persistence';
import { command, JSON_OPTION } from '../cli/command';
import { isUuid, oneOf, wholeNumber } from '../cli/option-values';
import { print, printRows } from '../cli/output';
import { UsageError } from '../cli/usage-error';
import { withDatabase } from './database';

const WEBHOOK_STATUSES = ['PENDING', 'FAILED', 'APPLIED', 'DUPLICATE', 'REJECTED'];
const GATEWAY_TYPES = ['VNPAY', 'MOMO', 'ZALOPAY'];

interface WebhookRow {
  id: string;
  gateway_type: string;
  processing_status: string;
  verification: string;
  attempts: number;
  next_attempt_at: Date | null;
  received_at: Date;
  outcome: string | null;
  last_error: string | null;
}

export const webhooksListCommand = command({
  name: 'webhooks:list',
  summary: 'the latest stored webhooks',
  synopsis: `[--status ${WEBHOOK_STATUSES.join('|')}] [--gateway ${GATEWAY_TYPES.join('|')}] [--limit N] [--json]`,
  options: {
    status: { type: 'string', help: `only webhooks in this processing status (${WEBHOOK_STATUSES.join(', ')})` },
    gateway: { type: 'string', help: `only this gateway's webhooks (${GATEWAY_TYPES.join(', ')})` },
    limit: { type: 'string', help: 'how many to show (default 20)' },
    ...JSON_OPTION,
  },
  async run(options) {
    const status = oneOf(options.status, WEBHOOK_STATUSES, 'status');
    const gateway = oneOf(options.gateway, GATEWAY_TYPES, 'gateway');
    const limit = wholeNumber(options.limit, 'limit', 1) ?? 20;
    const { rows } = await withDatabase((db) =>
      db.query<WebhookRow>(
        `SELECT id, gateway_type, processing_status, verification, attempts, next_attempt_at, received_at, outcome,
                last_error
           FROM webhook_events
          WHERE ($1::text IS NULL OR processing_status = $1) AND ($2::text IS NULL OR gateway_type = $2)
          ORDER BY received_at DESC
          LIMIT $3`,
        [status ?? null, gateway ?? null, limit],
      ),
    );
    printRows(
      [
        ['ID', (w) => w.id],
        ['GATEWAY', (w) => w.gateway_type],
        ['STATUS', (w) => w.processing_status],
        ['VERIFICATION', (w) => w.verification],
        ['ATTEMPTS', (w) => w.attempts],
        ['NEXT ATTEMPT', (w) => w.next_attempt_at],
        ['RECEIVED', (w) => w.received_at],
        ['OUTCOME', (w) => w.outcome],
        ['LAST ERROR', (w) => w.last_error],
      ],
      rows,
      options.json,
    );
  },
});

export const webhooksReplayCommand = command({
  name: 'webhooks:replay',
  summary: 'makes a verified webhook that was not applied (PENDING, FAILED, REJECTED) due now for the retry job',
  synopsis: '<id> [--reset-attempts]',
  arguments: [{ name: 'id', required: true }],
  options: {
    'reset-attempts': { type: 'boolean', help: 'give it the whole retry schedule again instead of one more try' },
  },
  async run(options, [id = '']) {
    if (!isUuid(id)) throw new UsageError(`${id} is not a webhook id (a UUID)`);
    const resetAttempts = options['reset-attempts'] === true;
    await withDatabase(async (db) => {
      // The replay and its audit record commit together: an operator's hand on a webhook is always on record.
      // ROLLBACK on failure rather than leaving it to the connection's end; a ROLLBACK that fails means the connection
      // is gone (which rolls back too), and the error worth reporting is the first one.
      await db.query('BEGIN');
      let replayed: (WebhookRow & { tenant_id: string | null }) | undefined;
      try {
        const { rows } = await db.query<WebhookRow & { tenant_id: string | null }>(
          `UPDATE webhook_events
              SET processing_status = 'PENDING', next_attempt_at = now(), processed_at = NULL,
                  attempts = CASE WHEN $2 THEN 0 ELSE attempts END
            WHERE id = $1 AND verification = 'VERIFIED' AND processing_status IN ('PENDING', 'FAILED', 'REJECTED')
            RETURNING id, tenant_id, gateway_type, processing_status, verification, attempts, next_attempt_at,
                      received_at, outcome, last_error`,
          [id, resetAttempts],
        );
        replayed = rows[0];
        if (replayed) await auditReplay(db, replayed, resetAttempts);
        await db.query('COMMIT');
      } catch (error) {
        await db.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      if (replayed) {
        print(
          `webhook ${replayed.id} (${replayed.gateway_type}) is due now: the webhook-retry job applies it on its next ` +
            `run (attempts so far: ${replayed.attempts})`,
        );
        return;
      }
      const { rows: found } = await db.query<WebhookRow>(
        `SELECT processing_status, verification FROM webhook_events WHERE id = $1`,
        [id],
      );
      const webhook = found[0];
      if (!webhook) throw new Error(`no webhook ${id}`);
      if (webhook.verification !== 'VERIFIED') {
        throw new Error(`webhook ${id} was refused on arrival (${webhook.verification}): it cannot be applied`);
      }
      throw new Error(`webhook ${id} is ${webhook.processing_status}: it was applied already`);
    });
  },
});

// The operator is the CLI's OS user: the one who ran the replay on the operations host.
async function auditReplay(db: Client, webhook: WebhookRow & { tenant_id: string | null }, reset: boolean) {
  const traceId = randomUUID();
  const replay: EventEnvelope = {
    id: randomUUID(),
    type: 'ppm.webhook.replayed',
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: webhook.tenant_id,
    aggregateType: 'GatewayWebhook',
    aggregateId: webhook.id,
    aggregateVersion: 1,
    traceId,
    correlationId: traceId,
    causationId: null,
    data: { gatewayType: webhook.gateway_type, resetAttempts: reset },
  };
  await new AuditTrail(new OutboxWriter()).record(db, 'webhook', [replay], {
    traceId,
    correlationId: traceId,
    causationId: null,
    actor: { type: 'USER', id: `cli:${userInfo().username}` },
  });
}
