import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { Client } from 'pg';
import { EventTypes, type MerchantWebhookEvent } from '@ppm/contracts';
import { migrateDatabase } from '@ppm/migrations';
import {
  createIsolatedDatabase,
  eventually,
  requireServers,
  startForTest,
  testInfra,
  type IsolatedDatabase,
  type RunningService,
} from '@ppm/testing';
import { startWorker } from '../../start-worker';
import { WorkerConfig } from '../../worker.config';
import { MERCHANT_WEBHOOKS_CONSUMER } from './merchant-webhooks.consumer';

interface DeliveryRow {
  endpoint_id: string | null;
  target_url: string | null;
  event_type: string;
  payload: MerchantWebhookEvent;
}

const RETRY_DELAYS_MS = [200, 400];

describe('the merchant webhook fan-out on real Postgres and RabbitMQ', () => {
  const tenantId = randomUUID();
  const queue = `ppm.worker.merchant-webhooks.test-${randomUUID()}`;
  let database: IsolatedDatabase;
  let worker: RunningService;
  let sql: Client;
  let amqp: ChannelModel;
  const endpoints: Record<'all' | 'succeededOnly' | 'disabled' | 'otherTenant', string> = {
    all: '',
    succeededOnly: '',
    disabled: '',
    otherTenant: '',
  };

  const addEndpoint = async (tenant: string, eventTypes: string[] | null, enabled = true): Promise<string> => {
    const { rows } = await sql.query<{ id: string }>(
      `INSERT INTO webhook_endpoints (tenant_id, url, event_types, enabled, secret)
       VALUES ($1, 'http://127.0.0.1:9/hooks', $2, $3, '{}'::jsonb) RETURNING id`,
      [tenant, eventTypes, enabled],
    );
    return rows[0].id;
  };
  const addPayment = async (tenant = tenantId, callbackUrl: string | null = null): Promise<string> => {
    const { rows } = await sql.query<{ id: string }>(
      `INSERT INTO payment_transactions (tenant_id, amount, currency, payment_method_type, status,
         source_bounded_context, source_transaction_id, gateway_type, metadata, callback_url, version)
       VALUES ($1, 150000, 'VND', 'E_WALLET', 'SUCCEEDED', 'orders', $2, 'MOMO', '{"order":"A-1"}', $3, 3) RETURNING id`,
      [tenant, randomUUID(), callbackUrl],
    );
    return rows[0].id;
  };
  const addRefund = async (tenant: string, paymentId: string): Promise<string> => {
    const { rows } = await sql.query<{ id: string }>(
      `INSERT INTO refunds (tenant_id, payment_transaction_id, amount, currency, status, reason, gateway_request_id,
         gateway_response)
       VALUES ($1, $2, 50000, 'VND', 'SUCCEEDED', 'damaged', $3, '{"secretKey":"never"}') RETURNING id`,
      [tenant, paymentId, randomUUID()],
    );
    return rows[0].id;
  };
  const publish = async (type: string, data: object, id: string = randomUUID(), tenant = tenantId): Promise<string> => {
    const channel = await amqp.createConfirmChannel();
    const envelope = { id, type, version: 1, occurredAt: '2026-12-01T10:00:00.000Z', tenantId: tenant, data };
    channel.sendToQueue(queue, Buffer.from(JSON.stringify(envelope)), { messageId: id, persistent: true });
    await channel.waitForConfirms();
    await channel.close();
    return id;
  };
  const fannedOut = (eventId: string) =>
    eventually(
      () =>
        sql.query(`SELECT 1 FROM inbox_messages WHERE consumer = $1 AND message_id = $2`, [
          MERCHANT_WEBHOOKS_CONSUMER,
          eventId,
        ]),
      (result) => result.rows.length === 1,
      { what: `event ${eventId} fanned out`, timeoutMs: 15_000 },
    );
  const deliveriesOf = async (eventId: string): Promise<DeliveryRow[]> =>
    (
      await sql.query<DeliveryRow>(
        `SELECT endpoint_id, target_url, event_type, payload FROM webhook_deliveries WHERE event_id = $1
          ORDER BY endpoint_id`,
        [eventId],
      )
    ).rows;

  beforeAll(async () => {
    await requireServers('postgres', 'rabbitmq', 'nats');
    database = await createIsolatedDatabase(migrateDatabase);
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    endpoints.all = await addEndpoint(tenantId, null);
    endpoints.succeededOnly = await addEndpoint(tenantId, ['payment.succeeded']);
    endpoints.disabled = await addEndpoint(tenantId, null, false);
    endpoints.otherTenant = await addEndpoint(randomUUID(), null);
    worker = await startForTest(WorkerConfig, startWorker, {
      DATABASE_URL: database.url,
      MERCHANT_WEBHOOK_FANOUT_QUEUE: queue,
      TENANT_DELETION_QUEUE: `${queue}.tenant-deletion`,
      NOTIFICATIONS_ENABLED: 'false',
      JOBS_ENABLED: 'false',
      CONSUMER_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
      CONSUMER_MAX_ATTEMPTS: '2',
    });
    amqp = await connect(testInfra.amqpUrl);
  });

  afterAll(async () => {
    await worker?.close();
    if (amqp) {
      const channel = await amqp.createChannel();
      for (const name of [queue, `${queue}.tenant-deletion`]) {
        for (const suffix of ['', '.dlq', ...RETRY_DELAYS_MS.map((delay) => `.retry.${delay}ms`)]) {
          await channel.deleteQueue(`${name}${suffix}`);
        }
        await channel.deleteExchange(`${name}.retry`);
      }
      await amqp.close();
    }
    await sql?.end();
    await database?.drop();
  });

  it('adds one delivery per enabled endpoint of the tenant subscribed to the type, carrying the public event', async () => {
    const paymentId = await addPayment();

    const created = await publish(EventTypes.paymentCreated, { transactionId: paymentId });
    const succeeded = await publish(EventTypes.paymentSucceeded, { transactionId: paymentId });
    await fannedOut(created);
    await fannedOut(succeeded);

    const createdDeliveries = await deliveriesOf(created);
    expect(createdDeliveries.map((row) => row.endpoint_id)).toEqual([endpoints.all]);
    const [delivery] = createdDeliveries;
    expect(delivery.event_type).toBe('payment.created');
    expect(delivery.payload).toEqual({
      id: created,
      type: 'payment.created',
      createdAt: '2026-12-01T10:00:00.000Z',
      data: expect.objectContaining({
        id: paymentId,
        status: 'SUCCEEDED',
        amount: 150000,
        currency: 'VND',
        metadata: { order: 'A-1' },
        version: 3,
      }) as unknown,
    });
    for (const internal of ['gatewayConfigurationId', 'initiatedByUserId', 'attempts', 'timeline', 'tenantId']) {
      expect(delivery.payload.data).not.toHaveProperty(internal);
    }
    expect((await deliveriesOf(succeeded)).map((row) => row.endpoint_id).sort()).toEqual(
      [endpoints.all, endpoints.succeededOnly].sort(),
    );
  });

  it('fans a redelivered event out once', async () => {
    const paymentId = await addPayment();
    const eventId = randomUUID();

    await publish(EventTypes.paymentSucceeded, { transactionId: paymentId }, eventId);
    await fannedOut(eventId);
    const again = randomUUID();
    await publish(EventTypes.paymentSucceeded, { transactionId: paymentId }, eventId);
    await publish(EventTypes.paymentFailed, { transactionId: paymentId }, again);
    await fannedOut(again);

    expect(await deliveriesOf(eventId)).toHaveLength(2);
  });

  it('carries a refund with its payment’s version', async () => {
    const paymentId = await addPayment();
    const refundId = await addRefund(tenantId, paymentId);

    const eventId = await publish(EventTypes.refundProcessed, { transactionId: paymentId, refundId });
    await fannedOut(eventId);

    const [delivery] = await deliveriesOf(eventId);
    expect(delivery.payload).toMatchObject({
      type: 'refund.processed',
      data: { id: refundId, transactionId: paymentId, amount: 50000, status: 'SUCCEEDED', paymentVersion: 3 },
    });
    expect(JSON.stringify(delivery.payload)).not.toContain('never');
  });

  it('delivers every event of a payment with a callbackUrl, and of its refunds, to that URL too, once each', async () => {
    const tenant = randomUUID();
    const succeededOnly = await addEndpoint(tenant, ['payment.succeeded']);
    const callbackUrl = 'http://127.0.0.1:9/orders/callback?order=A-1';
    const paymentId = await addPayment(tenant, callbackUrl);
    const refundId = await addRefund(tenant, paymentId);

    const created = await publish(EventTypes.paymentCreated, { transactionId: paymentId }, randomUUID(), tenant);
    const succeeded = await publish(EventTypes.paymentSucceeded, { transactionId: paymentId }, randomUUID(), tenant);
    const refunded = await publish(
      EventTypes.refundProcessed,
      { transactionId: paymentId, refundId },
      randomUUID(),
      tenant,
    );
    await publish(EventTypes.paymentSucceeded, { transactionId: paymentId }, succeeded, tenant);
    const other = await publish(
      EventTypes.paymentSucceeded,
      { transactionId: await addPayment(tenant) },
      randomUUID(),
      tenant,
    );
    for (const eventId of [created, succeeded, refunded, other]) await fannedOut(eventId);

    const targets = async (eventId: string) =>
      (await deliveriesOf(eventId)).map((row) => row.endpoint_id ?? row.target_url);
    expect(await targets(created)).toEqual([callbackUrl]);
    expect(await targets(succeeded)).toEqual([succeededOnly, callbackUrl]);
    expect(await targets(refunded)).toEqual([callbackUrl]);
    expect(await targets(other)).toEqual([succeededOnly]);
    const [refundDelivery] = await deliveriesOf(refunded);
    expect(refundDelivery).toMatchObject({
      event_type: 'refund.processed',
      payload: { id: refunded, type: 'refund.processed', data: { id: refundId, transactionId: paymentId } },
    });
  });

  it('stores nothing for a tenant without subscribers, and still marks the event handled', async () => {
    const eventId = await publish(
      EventTypes.paymentSucceeded,
      { transactionId: randomUUID() },
      randomUUID(),
      randomUUID(),
    );

    await fannedOut(eventId);

    expect(await deliveriesOf(eventId)).toEqual([]);
  });
});
