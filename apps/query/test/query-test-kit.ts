import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { NatsRequester } from '@ppm/messaging';
import { sampleValue, startForTest, testInfra, TestRequester, type RunningService } from '@ppm/testing';
import { QueryConfig } from '../src/query.config';
import { startQuery } from '../src/start-query';

/** A queue name of the test's own, so its query service gets every event and leaves no queue behind. */
export function testQueueName(): string {
  return `ppm.query.cache-invalidation.test-${randomUUID()}`;
}

/** Deletes a test's queue from the shared broker. */
export async function deleteQueue(name: string, amqpUrl: string = testInfra.amqpUrl): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    await channel.deleteQueue(name);
  } finally {
    await connection.close();
  }
}

/**
 * Starts the query service in-process with `env` over the test servers' defaults, consuming on a queue of its own
 * (see `testQueueName`); closing it deletes that queue from the shared broker too.
 */
export async function startQueryForTest(env: NodeJS.ProcessEnv = {}): Promise<RunningService> {
  const queue = testQueueName();
  const service = await startForTest(QueryConfig, startQuery, { CACHE_INVALIDATION_QUEUE: queue, ...env });
  return {
    ...service,
    close: async () => {
      await service.close();
      await deleteQueue(queue);
    },
  };
}

/** A requester on the given NATS server, sending each subject as the role that sends it in production. */
export function natsClient(url: string, name: string): Promise<TestRequester> {
  return TestRequester.connect((settings) => NatsRequester.connect(settings), { url, name, requestTimeoutMs: 10_000 });
}

/** A plain DataSource on a test database, for arranging rows and checking what the services wrote. */
export function openDatabase(url: string): Promise<DataSource> {
  return new DataSource({ type: 'postgres', url, extra: { max: 4 } }).initialize();
}

/** The value of one metric sample of a running service. */
export async function metric(service: RunningService, name: string, labels: Record<string, string>): Promise<number> {
  const exposition = await (await fetch(`${service.baseUrl}/metrics`)).text();
  return sampleValue(exposition, name, labels);
}

/** How the query specs wait for the service to catch up: every 50 ms, for up to 15 s. */
export const patience = { timeoutMs: 15_000, intervalMs: 50 };

/** A payment row to arrange directly in Postgres (what the command service would have written). */
export interface PaymentRow {
  id?: string;
  tenantId: string;
  status?: string;
  amount?: number;
  currency?: string;
  paymentMethod?: string;
  gatewayType?: string;
  sourceBoundedContext?: string;
  /** A new UUID unless given. */
  sourceTransactionId?: string;
  gatewayReference?: string;
  gatewayTransactionId?: string;
  initiatedByUserId?: string;
  /** Postgres timestamptz text, to the microsecond if wanted. */
  createdAt?: string;
  version?: number;
}

/** Inserts payments (no gateway configuration, no attempts) and returns their ids. */
export async function insertPayments(sql: DataSource, rows: PaymentRow[]): Promise<string[]> {
  const ids = rows.map((row) => row.id ?? randomUUID());
  const columns = [
    ids,
    rows.map((r) => r.tenantId),
    rows.map((r) => r.amount ?? 100_000),
    rows.map((r) => r.currency ?? 'VND'),
    rows.map((r) => r.paymentMethod ?? 'E_WALLET'),
    rows.map((r) => r.status ?? 'SUCCEEDED'),
    rows.map((r) => r.sourceBoundedContext ?? 'orders'),
    rows.map((r) => r.sourceTransactionId ?? randomUUID()),
    rows.map((r) => r.gatewayType ?? 'MOMO'),
    rows.map((r) => r.createdAt ?? new Date().toISOString()),
    rows.map((r) => r.version ?? 3),
    rows.map((r) => r.gatewayReference ?? null),
    rows.map((r) => r.gatewayTransactionId ?? null),
    rows.map((r) => r.initiatedByUserId ?? null),
  ];
  await sql.query(
    `INSERT INTO payment_transactions (id, tenant_id, amount, currency, payment_method_type, status,
       source_bounded_context, source_transaction_id, gateway_type, created_at, updated_at, version,
       gateway_reference, gateway_transaction_id, initiated_by_user_id)
     SELECT id, tenant, amount, currency, method, status, source, source_id, gateway, created, created, version,
            reference, gateway_id, initiator
       FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::timestamptz[], $11::int[], $12::text[], $13::text[], $14::text[])
         AS u(id, tenant, amount, currency, method, status, source, source_id, gateway, created, version,
              reference, gateway_id, initiator)`,
    columns,
  );
  return ids;
}

/** Publishes a PPM event envelope to `ppm.events`, confirmed by the broker, as the outbox relay would. */
export async function publishEvent(
  routingKey: string,
  envelope: Record<string, unknown>,
  amqpUrl: string = testInfra.amqpUrl,
): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange('ppm.events', 'topic', { durable: true });
    channel.publish('ppm.events', routingKey, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      messageId: typeof envelope['id'] === 'string' ? envelope['id'] : randomUUID(),
      contentType: 'application/json',
    });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

/** An event envelope of a payment at `aggregateVersion`. */
export function paymentEvent(
  type: string,
  tenantId: string,
  aggregateId: string,
  aggregateVersion: number,
): Record<string, unknown> {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateType: 'PaymentTransaction',
    aggregateId,
    aggregateVersion,
    traceId: 'query-test-trace',
    correlationId: 'query-test-trace',
    causationId: null,
    data: { transactionId: aggregateId },
  };
}

/** Whether the query service's consumer has recorded this event id in its inbox. */
export async function inInbox(sql: DataSource, eventId: string): Promise<boolean> {
  const rows = await sql.query<unknown[]>(
    `SELECT 1 FROM inbox_messages WHERE consumer = 'query-cache' AND message_id = $1`,
    [eventId],
  );
  return rows.length > 0;
}
