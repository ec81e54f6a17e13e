import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { StoredWebhookReplay } from '@ppm/persistence';
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
    const traceId = randomUUID();
    // The operator is the CLI's OS user: the one who ran the replay on the operations host.
    const context = { traceId, correlationId: traceId, causationId: null, actor: cliActor() };
    const outcome = await withDatabase(async (db) => {
      // ROLLBACK on failure rather than leaving it to the connection's end; a ROLLBACK that fails means the connection
      // is gone (which rolls back too), and the error worth reporting is the first one.
      await db.query('BEGIN');
      try {
        const replayed = await new StoredWebhookReplay().replay(db, id, { resetAttempts, holdForMs: 0 }, context);
        await db.query('COMMIT');
        return replayed;
      } catch (error) {
        await db.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    switch (outcome.kind) {
      case 'replayed':
        print(
          `webhook ${outcome.webhook.id} (${outcome.webhook.gatewayType}) is due now: the webhook-retry job applies it ` +
            `on its next run (attempts so far: ${outcome.webhook.attempts})`,
        );
        return;
      case 'not-found':
        throw new Error(`no webhook ${id}`);
      case 'not-verified':
        throw new Error(`webhook ${id} was refused on arrival (${outcome.verification}): it cannot be applied`);
      case 'settled':
        throw new Error(`webhook ${id} is ${outcome.status}: it was applied already`);
    }
  },
});

function cliActor(): { type: 'USER'; id: string } {
  return { type: 'USER', id: `cli:${userInfo().username}` };
}
