import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  Subjects,
  type RecoverWebhookEndpointReply,
  type Reply,
  type RetryWebhookDeliveryReply,
  type TestWebhookEndpointReply,
  type WebhookEndpointWithSecret,
} from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import {
  createIsolatedDatabase,
  requireServers,
  startForTest,
  testInfra,
  type IsolatedDatabase,
  type RunningService,
} from '@ppm/testing';
import { CommandConfig } from '../command.config';
import { startCommand } from '../start-command';

interface StoredDelivery {
  status: string;
  attempt_count: number;
  due_now: boolean;
  attempts: number;
}

describe('steering webhook deliveries on real Postgres, NATS and RabbitMQ', () => {
  let command: RunningService;
  let nats: NatsRequester;
  let database: IsolatedDatabase;
  let sql: Client;

  const send = <T>(subject: string, data: unknown, tenantId: string, idempotencyKey?: string): Promise<Reply<T>> =>
    nats.request<T>(subject, data, {
      tenantId,
      traceId: `trace-${randomUUID()}`,
      userId: 'operator-1',
      idempotencyKey,
    });
  const endpointOf = async (tenantId: string, eventTypes: string[] | null = null): Promise<string> => {
    const data = { url: 'http://127.0.0.1:9/hooks', eventTypes };
    const reply = await send<WebhookEndpointWithSecret>(Subjects.command.webhookEndpointCreate, data, tenantId);
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    return reply.data.id;
  };
  // A delivery as the dispatcher leaves it: `attempts` failed attempts on record, created at `createdAt`.
  const deliveryOf = async (
    tenantId: string,
    endpointId: string,
    status: 'PENDING' | 'DELIVERED' | 'FAILED',
    attempts: number,
    createdAt = new Date().toISOString(),
  ): Promise<string> => {
    const { rows } = await sql.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, payload, status, attempt_count,
                                       next_attempt_at, created_at)
       VALUES ($1, $2, gen_random_uuid(), 'payment.succeeded', '{}', $3, $4,
               CASE WHEN $3 = 'PENDING' THEN now() + interval '1 hour' END, $5)
       RETURNING id`,
      [tenantId, endpointId, status, attempts, createdAt],
    );
    const id = rows[0].id;
    for (let attempt = 0; attempt < attempts; attempt++) {
      await sql.query(
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, status_code, latency_ms, error)
         VALUES ($1, now(), 500, 3, 'HTTP 500')`,
        [id],
      );
    }
    return id;
  };
  const stored = async (id: string): Promise<StoredDelivery> => {
    const { rows } = await sql.query<StoredDelivery>(
      `SELECT status, attempt_count, next_attempt_at <= now() AS due_now,
              (SELECT count(*)::int FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id) AS attempts
         FROM webhook_deliveries d WHERE id = $1`,
      [id],
    );
    return rows[0];
  };
  const auditOf = async (resourceId: string) =>
    (
      await sql.query<{ action: string; actor_id: string; details: Record<string, unknown> }>(
        `SELECT action, actor_id, details FROM audit_log WHERE resource_id = $1 AND action NOT LIKE '%.created.v1'`,
        [resourceId],
      )
    ).rows;

  beforeAll(async () => {
    await requireServers('postgres', 'nats', 'rabbitmq');
    database = await createIsolatedDatabase(migrateDatabase);
    command = await startForTest(CommandConfig, startCommand, { DATABASE_URL: database.url });
    nats = await NatsRequester.connect({
      url: testInfra.natsUrl,
      name: 'webhook-delivery-steering-int-spec',
      requestTimeoutMs: 10_000,
      credentials: testInfra.natsAs('caller'),
    });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await nats?.onApplicationShutdown();
    await command?.close();
    await database?.drop();
  });

  it('retries a failed delivery now, keeping its attempts, and audits it', async () => {
    const tenantId = randomUUID();
    const endpointId = await endpointOf(tenantId);
    const failed = await deliveryOf(tenantId, endpointId, 'FAILED', 8);
    const waiting = await deliveryOf(tenantId, endpointId, 'PENDING', 2);

    const retried = await send<RetryWebhookDeliveryReply>(
      Subjects.command.webhookDeliveryRetry,
      { deliveryId: failed },
      tenantId,
    );
    const hurried = await send<RetryWebhookDeliveryReply>(
      Subjects.command.webhookDeliveryRetry,
      { deliveryId: waiting },
      tenantId,
    );

    expect(retried).toMatchObject({ success: true, data: { id: failed, status: 'PENDING', attemptCount: 8 } });
    expect(hurried).toMatchObject({ success: true, data: { id: waiting, attemptCount: 2 } });
    expect(await stored(failed)).toEqual({ status: 'PENDING', attempt_count: 8, due_now: true, attempts: 8 });
    expect(await stored(waiting)).toEqual({ status: 'PENDING', attempt_count: 2, due_now: true, attempts: 2 });
    expect(await auditOf(failed)).toEqual([
      {
        action: 'ppm.webhook-delivery.retried.v1',
        actor_id: 'operator-1',
        details: { deliveryId: failed, endpointId, attemptCount: 8 },
      },
    ]);
  });

  it('leaves a delivered delivery alone and finds nothing of another tenant', async () => {
    const tenantId = randomUUID();
    const endpointId = await endpointOf(tenantId);
    const delivered = await deliveryOf(tenantId, endpointId, 'DELIVERED', 1);
    const failed = await deliveryOf(tenantId, endpointId, 'FAILED', 8);

    const again = await send(Subjects.command.webhookDeliveryRetry, { deliveryId: delivered }, tenantId);
    const foreign = await send(Subjects.command.webhookDeliveryRetry, { deliveryId: failed }, randomUUID());

    expect(again).toMatchObject({ success: false, error: { code: 'INVALID_STATE_TRANSITION' } });
    expect(foreign).toMatchObject({ success: false, error: { code: 'WEBHOOK_DELIVERY_NOT_FOUND' } });
    expect(await stored(delivered)).toMatchObject({ status: 'DELIVERED', attempt_count: 1 });
    expect(await stored(failed)).toMatchObject({ status: 'FAILED', attempt_count: 8 });
  });

  it('recovers the endpoint’s failed deliveries since a time, says how many and audits it', async () => {
    const tenantId = randomUUID();
    const endpointId = await endpointOf(tenantId);
    const before = await deliveryOf(tenantId, endpointId, 'FAILED', 8, '2026-11-01T00:00:00.000Z');
    const after = await deliveryOf(tenantId, endpointId, 'FAILED', 8, '2026-11-03T00:00:00.000Z');
    const later = await deliveryOf(tenantId, endpointId, 'FAILED', 3, '2026-11-04T00:00:00.000Z');
    const delivered = await deliveryOf(tenantId, endpointId, 'DELIVERED', 1, '2026-11-04T00:00:00.000Z');
    await deliveryOf(tenantId, endpointId, 'FAILED', 8, '2026-11-05T00:00:00.000Z');
    const since = '2026-11-02T00:00:00.000Z';

    const recovered = await send<RecoverWebhookEndpointReply>(
      Subjects.command.webhookEndpointRecover,
      { id: endpointId, since },
      tenantId,
    );
    const foreign = await send(Subjects.command.webhookEndpointRecover, { id: endpointId, since }, randomUUID());

    expect(recovered).toEqual({ success: true, data: { recovered: 3 } });
    expect(foreign).toMatchObject({ success: false, error: { code: 'WEBHOOK_ENDPOINT_NOT_FOUND' } });
    expect(await stored(after)).toEqual({ status: 'PENDING', attempt_count: 8, due_now: true, attempts: 8 });
    expect(await stored(later)).toMatchObject({ status: 'PENDING', due_now: true, attempts: 3 });
    expect(await stored(before)).toMatchObject({ status: 'FAILED' });
    expect(await stored(delivered)).toMatchObject({ status: 'DELIVERED' });
    expect(await auditOf(endpointId)).toEqual([
      {
        action: 'ppm.webhook-endpoint.recovered.v1',
        actor_id: 'operator-1',
        details: { endpointId, since, recovered: 3 },
      },
    ]);
  });

  it('queues one ping for the endpoint alone, whatever it subscribes to, once per idempotency key', async () => {
    const tenantId = randomUUID();
    const endpointId = await endpointOf(tenantId, ['refund.processed']);
    const other = await endpointOf(tenantId);
    const key = randomUUID();

    const tested = await send<TestWebhookEndpointReply>(
      Subjects.command.webhookEndpointTest,
      { id: endpointId },
      tenantId,
      key,
    );
    const replayed = await send<TestWebhookEndpointReply>(
      Subjects.command.webhookEndpointTest,
      { id: endpointId },
      tenantId,
      key,
    );
    const foreign = await send(Subjects.command.webhookEndpointTest, { id: endpointId }, randomUUID());

    if (!tested.success) throw new Error(JSON.stringify(tested.error));
    expect(replayed).toEqual(tested);
    expect(foreign).toMatchObject({ success: false, error: { code: 'WEBHOOK_ENDPOINT_NOT_FOUND' } });
    const { rows } = await sql.query<{ id: string; endpoint_id: string; event_type: string; payload: unknown }>(
      `SELECT id, endpoint_id, event_type, payload FROM webhook_deliveries WHERE endpoint_id = ANY($1::uuid[])`,
      [[endpointId, other]],
    );
    expect(rows).toEqual([
      {
        id: tested.data.deliveryId,
        endpoint_id: endpointId,
        event_type: 'ping',
        payload: {
          id: tested.data.eventId,
          type: 'ping',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
          data: { endpointId },
        },
      },
    ]);
    expect(await stored(tested.data.deliveryId)).toMatchObject({ status: 'PENDING', due_now: true, attempts: 0 });
    expect((await auditOf(endpointId)).map((record) => record.action)).toEqual(['ppm.webhook-endpoint.tested.v1']);
  });
});
