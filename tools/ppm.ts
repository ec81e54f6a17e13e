// `npm run ppm -- <command>`: a small operator's CLI (exits non-zero on any failure). Commands:
//   request <subject> '<data json>' [--tenant <uuid>] [--user <id>] [--key <idempotency key>]
//     sends one NATS request in the contract's envelope and prints the reply, e.g.
//     npm run ppm -- request ppm.command.system.ping '{}'
//   dlq:list <queue> [--limit N]
//     how many messages a consumer's dead-letter queue `<queue>.dlq` holds, and the first N (default 10); they stay
//   dlq:replay <queue> [--limit N]
//     moves the messages of `<queue>.dlq` (at most N) back to the work queue as first attempts
//   webhooks:list [--status PENDING|FAILED|APPLIED|DUPLICATE|REJECTED] [--gateway VNPAY|MOMO|ZALOPAY] [--limit N]
//     the latest stored webhooks (default 20)
//   webhooks:replay <id> [--reset-attempts]
//     makes a verified webhook that was not applied (PENDING, FAILED, REJECTED) due now for the retry job; with
//     --reset-attempts it gets the whole retry schedule again instead of one more try
//   jobs:runs [--job NAME] [--limit N]
//     the latest scheduled job runs (default 20)
//   jobs:run <stuck-payment-sync|webhook-retry|cleanup|reconciliation>
//     runs a scheduled job now, under its cluster-wide lease, and shows the run
//   token --tenant <uuid> --role <role>[,role] [--sub <user id>] [--ttl <seconds>] [--private-key <pem> --kid <id>]
//     prints a bearer token the HTTP edge accepts (`token --help`); api-key --id <name> (--tenant <uuid> | --platform)
//     makes an internal caller's key and prints its API_KEYS entry (see tools/ppm-token.ts)
//   reconcile --config <id> --date <yyyy-mm-dd> [--file <path>|--url <url>] [--columns '<json>'] [--no-apply]
//     reconciles a gateway configuration's business day (GMT+7) against its settlement file (default: the daily
//     export at RECONCILIATION_SOURCE_TEMPLATE) and prints the outcome counts and totals (tools/ppm-reconcile.ts)
// DATABASE_URL, AMQP_URL and NATS_URL come from the environment, with the local defaults of `npm run infra:up`. On the
// bus the CLI is an internal caller on NATS (NATS_USER / NATS_PASSWORD or NATS_CREDS_FILE, default that role's
// development user; `reconcile` is the worker) and the operator on RabbitMQ (AMQP_URL's userinfo).
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { connect } from 'amqplib';
import { Client } from 'pg';
import type { EventEnvelope } from '@ppm/contracts';
import { listDeadLetters, natsCredentialsFromEnv, NatsRequester, replayDeadLetters } from '@ppm/messaging';
import { AuditTrail, OutboxWriter } from '@ppm/persistence';
import { apiKeyCommand, tokenCommand } from './ppm-token';
import { reconcile } from './ppm-reconcile';
import { runJobNow } from './run-job-now';

const DEMO_TENANT = '00000000-0000-4000-8000-000000000001';
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/ppm';
const AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://ppm-operator:ppm-operator-dev@127.0.0.1:5672';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WEBHOOK_STATUSES = ['PENDING', 'FAILED', 'APPLIED', 'DUPLICATE', 'REJECTED'];
const GATEWAY_TYPES = ['VNPAY', 'MOMO', 'ZALOPAY'];
const MAX_CELL = 60;

/** A mistake in how the command was called: shown with its usage. */
class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return value;
}

function flag(args: string[], name: string): boolean {
  return args.includes(`--${name}`);
}

/** The first argument that is neither an option nor an option's value. */
function positional(args: string[], valued: readonly string[] = ['limit']): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--')) {
      if (valued.includes(arg.slice(2))) i += 1;
      continue;
    }
    return arg;
  }
  return undefined;
}

function limitOption(args: string[], fallback: number): number {
  const text = option(args, 'limit');
  if (text === undefined) return fallback;
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number`);
  return limit;
}

function oneOf(value: string | undefined, allowed: readonly string[], name: string): string | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!allowed.includes(upper)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return upper;
}

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function cell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (value instanceof Date)
    text = value
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value as string | number | boolean);
  text = text.replace(/\s+/g, ' ');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** Prints rows as an aligned table under their column titles. */
function printTable(
  columns: readonly [title: string, value: (row: never) => unknown][],
  rows: readonly unknown[],
): void {
  if (rows.length === 0) {
    print('(none)');
    return;
  }
  const cells = rows.map((row) => columns.map(([, value]) => cell(value(row as never))));
  const widths = columns.map(([title], i) => Math.max(title.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  print(line(columns.map(([title]) => title)));
  print(line(widths.map((w) => '-'.repeat(w))));
  for (const values of cells) print(line(values));
}

async function withDatabase<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: DATABASE_URL, application_name: 'ppm-cli' });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

async function withBroker<T>(work: (model: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<T> {
  const model = await connect(AMQP_URL, { clientProperties: { connection_name: 'ppm-cli' } });
  model.on('error', () => undefined);
  try {
    return await work(model);
  } finally {
    await model.close().catch(() => undefined);
  }
}

/** A broker refusal in plain words (amqplib reports them as channel-close errors with a reply code). */
function brokerError(error: unknown, queue: string): Error {
  const code = (error as { code?: unknown }).code;
  if (code === 404)
    return new Error(`no such queue: ${queue} (is it a consumer's work queue, and has it started once?)`);
  return error instanceof Error ? error : new Error(String(error));
}

const workQueueOf = (queue: string): string => queue.replace(/\.dlq$/, '');

async function request(args: string[]): Promise<void> {
  const [subject, json = '{}'] = args;
  if (!subject)
    throw new UsageError("usage: request <subject> '<data json>' [--tenant <uuid>] [--user <id>] [--key <key>]");
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new UsageError(`the data is not JSON: ${json}`);
  }
  const nats = await NatsRequester.connect({
    url: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
    name: 'ppm-cli',
    requestTimeoutMs: Number(process.env['NATS_REQUEST_TIMEOUT_MS'] ?? 30_000),
    credentials: natsCredentialsFromEnv('caller'),
  });
  try {
    const reply = await nats.request(subject, data, {
      tenantId: option(args, 'tenant') ?? DEMO_TENANT,
      userId: option(args, 'user'),
      idempotencyKey: option(args, 'key'),
      traceId: `cli-${randomUUID().slice(0, 8)}`,
    });
    print(JSON.stringify(reply, null, 2));
    if (!reply.success) process.exitCode = 1;
  } finally {
    await nats.onApplicationShutdown();
  }
}

async function dlqList(args: string[]): Promise<void> {
  const name = positional(args);
  if (!name) throw new UsageError('usage: dlq:list <queue> [--limit N]');
  const queue = workQueueOf(name);
  const limit = limitOption(args, 10);
  const listing = await withBroker(async (model) =>
    listDeadLetters(await model.createChannel(), queue, limit).catch((error: unknown) => {
      throw brokerError(error, `${queue}.dlq`);
    }),
  );
  print(`${listing.queue}: ${listing.count} message${listing.count === 1 ? '' : 's'}`);
  if (listing.count === 0) return;
  print(listing.first.length < listing.count ? `the first ${listing.first.length}:` : '');
  printTable(
    [
      ['MESSAGE ID', (d: (typeof listing.first)[number]) => d.messageId],
      ['ROUTING KEY', (d: (typeof listing.first)[number]) => d.routingKey],
      ['ATTEMPTS', (d: (typeof listing.first)[number]) => d.attempts],
      ['REASON', (d: (typeof listing.first)[number]) => d.reason],
      ['DEAD-LETTERED AT', (d: (typeof listing.first)[number]) => d.deadLetteredAt],
      ['LAST ERROR', (d: (typeof listing.first)[number]) => d.lastError],
      ['BODY', (d: (typeof listing.first)[number]) => d.body],
    ],
    listing.first,
  );
}

async function dlqReplay(args: string[]): Promise<void> {
  const name = positional(args);
  if (!name) throw new UsageError('usage: dlq:replay <queue> [--limit N]');
  const queue = workQueueOf(name);
  const limit = limitOption(args, Number.MAX_SAFE_INTEGER);
  const result = await withBroker(async (model) => {
    const channel = await model.createConfirmChannel();
    try {
      return await replayDeadLetters(channel, queue, limit, (replayed) => {
        if (replayed % 100 === 0) process.stderr.write(`… ${replayed} replayed\n`);
      });
    } catch (error) {
      throw brokerError(error, queue);
    } finally {
      await channel.close().catch(() => undefined);
    }
  });
  print(
    `replayed ${result.replayed} message${result.replayed === 1 ? '' : 's'} from ${result.queue} to ${queue}; ` +
      `${result.remaining} left in ${result.queue}`,
  );
}

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

async function webhooksList(args: string[]): Promise<void> {
  const status = oneOf(option(args, 'status'), WEBHOOK_STATUSES, 'status');
  const gateway = oneOf(option(args, 'gateway'), GATEWAY_TYPES, 'gateway');
  const limit = limitOption(args, 20);
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
  printTable(
    [
      ['ID', (w: WebhookRow) => w.id],
      ['GATEWAY', (w: WebhookRow) => w.gateway_type],
      ['STATUS', (w: WebhookRow) => w.processing_status],
      ['VERIFICATION', (w: WebhookRow) => w.verification],
      ['ATTEMPTS', (w: WebhookRow) => w.attempts],
      ['NEXT ATTEMPT', (w: WebhookRow) => w.next_attempt_at],
      ['RECEIVED', (w: WebhookRow) => w.received_at],
      ['OUTCOME', (w: WebhookRow) => w.outcome],
      ['LAST ERROR', (w: WebhookRow) => w.last_error],
    ],
    rows,
  );
}

async function webhooksReplay(args: string[]): Promise<void> {
  const id = positional(args, []);
  if (!id) throw new UsageError('usage: webhooks:replay <id> [--reset-attempts]');
  if (!UUID.test(id)) throw new UsageError(`${id} is not a webhook id (a UUID)`);
  const resetAttempts = flag(args, 'reset-attempts');
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
}

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

interface JobRunRow {
  job_name: string;
  status: string;
  instance_id: string;
  started_at: Date;
  finished_at: Date | null;
  seconds: number | null;
  counts: Record<string, number> | null;
  error: string | null;
}

async function jobRuns(args: string[]): Promise<void> {
  const job = option(args, 'job');
  const limit = limitOption(args, 20);
  const { rows } = await withDatabase((db) =>
    db.query<JobRunRow>(
      `SELECT job_name, status, instance_id, started_at, finished_at,
              round(extract(epoch FROM finished_at - started_at)::numeric, 3)::float8 AS seconds, counts, error
         FROM job_runs
        WHERE ($1::text IS NULL OR job_name = $1)
        ORDER BY started_at DESC
        LIMIT $2`,
      [job ?? null, limit],
    ),
  );
  printTable(
    [
      ['JOB', (r: JobRunRow) => r.job_name],
      ['STATUS', (r: JobRunRow) => r.status],
      ['STARTED', (r: JobRunRow) => r.started_at],
      ['SECONDS', (r: JobRunRow) => r.seconds],
      ['INSTANCE', (r: JobRunRow) => r.instance_id],
      [
        'COUNTS',
        (r: JobRunRow) =>
          Object.entries(r.counts ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
      ],
      ['ERROR', (r: JobRunRow) => r.error],
    ],
    rows,
  );
}

async function jobRun(args: string[]): Promise<void> {
  const [name] = args;
  if (!name) throw new UsageError('usage: jobs:run <stuck-payment-sync|webhook-retry|cleanup|reconciliation>');
  process.stdout.write(`running ${name} now ...\n`);
  const outcome = await runJobNow(name, () =>
    withDatabase((db) =>
      db.query(
        `DELETE FROM job_locks WHERE job_name = $1
            AND NOT EXISTS (SELECT 1 FROM job_runs WHERE job_name = $1 AND status = 'RUNNING')`,
        [name],
      ),
    ).then(() => undefined),
  );
  if (outcome === 'skipped')
    throw new Error(`${name} is running on a worker right now; see \`jobs:runs --job ${name}\``);
  await jobRuns(['--job', name, '--limit', '1']);
  if (outcome !== 'succeeded') throw new Error(`${name} ended ${outcome}`);
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  request,
  'dlq:list': dlqList,
  'dlq:replay': dlqReplay,
  'webhooks:list': webhooksList,
  'webhooks:replay': webhooksReplay,
  'jobs:runs': jobRuns,
  'jobs:run': jobRun,
  token: (args) => tokenCommand(args, { option, print, usage: (message) => new UsageError(message) }),
  'api-key': (args) =>
    Promise.resolve(apiKeyCommand(args, { option, print, usage: (message) => new UsageError(message) })),
  reconcile: (args) =>
    reconcile(args, { option, flag, print, printTable, usage: (message) => new UsageError(message) }),
};

async function main([command, ...args]: string[]): Promise<void> {
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    throw new UsageError(`unknown command ${command ?? '(none)'}; try one of: ${Object.keys(COMMANDS).join(', ')}`);
  }
  await run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`ppm: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
