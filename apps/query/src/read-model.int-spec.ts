import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { CacheAside, CacheKeys } from '@ppm/cache';
import {
  Subjects,
  type ApplyGatewayResultReply,
  type GatewayConfigReply,
  type GatewayConfigView,
  type ListGatewayConfigsReply,
  type ProcessPaymentReply,
  type ProcessRefundReply,
  type RefundView,
  type Reply,
  type TransactionStatsReply,
  type TransactionView,
} from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { eventually, testInfra, TestStack, type RunningService, type TestRequester } from '@ppm/testing';
import { metric, patience, startQueryForTest } from '../test/query-test-kit';
import { CACHE_INVALIDATION_CONSUMER } from './consumers/cache-invalidation/cache-invalidation.consumer';
import { TransactionReader } from './transactions/get-transaction/transaction-reader';

// The real write side drives the read side: the command service and the gateway sandbox run as processes, payments
// go through NATS, the outbox relay publishes their events to RabbitMQ and the query service's consumer invalidates
// its Redis cache. NATS is a private server, so no other test's services answer our requests.
describe('query service over the real command service, Postgres, Redis, RabbitMQ and NATS', () => {
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const merchant = {
    partnerCode: `MOMOQ${randomUUID().slice(0, 8)}`,
    accessKey: randomUUID(),
    secretKey: randomUUID(),
  };
  let stack: TestStack;
  let sql: DataSource;
  let query: RunningService;
  let client: TestRequester;
  let redis: Redis;
  let configurationId: string;

  const send = <T>(subject: string, data: unknown, tenant = tenantId): Promise<Reply<T>> =>
    client.request<T>(subject, data, { tenantId: tenant, userId: 'operator-1' });
  const getTransaction = (transactionId: string, tenant = tenantId) =>
    send<TransactionView>(Subjects.query.transactionGet, { transactionId }, tenant);
  const hits = () => metric(query, 'ppm_query_cache_hits_total', { shape: 'transaction' });
  const loads = () => metric(query, 'ppm_query_cache_db_loads_total', { shape: 'transaction' });

  const pay = async (amount = 150_000): Promise<ProcessPaymentReply> => {
    const processed = await send<ProcessPaymentReply>(Subjects.command.paymentProcess, {
      sourceBoundedContext: 'orders',
      sourceTransactionId: randomUUID(),
      amount,
      currency: 'VND',
      paymentMethodType: 'E_WALLET',
      description: 'Thanh toán đơn hàng',
      returnUrl: 'https://shop.example/orders/return',
    });
    if (!processed.success) throw new Error(JSON.stringify(processed.error));
    return processed.data;
  };
  const capture = async (payment: ProcessPaymentReply, amount = 150_000): Promise<void> => {
    const reference = payment.gatewayReference ?? '';
    await stack.sandbox.complete('MOMO', reference, 'succeeded');
    const order = (await (await fetch(`${stack.sandboxUrl}/sandbox/orders/momo/${reference}`)).json()) as {
      transactionId: string;
    };
    const applied = await send<ApplyGatewayResultReply>(Subjects.command.paymentApplyGatewayResult, {
      gatewayType: 'MOMO',
      gatewayReference: reference,
      outcome: 'succeeded',
      gatewayTransactionId: String(order.transactionId),
      amount,
      rawCodes: { resultCode: '0' },
    });
    expect(applied).toMatchObject({ success: true, data: { status: 'SUCCEEDED', effect: 'APPLIED' } });
  };
  /** Waits until the query service's consumer has applied the aggregate's event of this type. */
  const consumed = async (aggregateId: string, eventType: string): Promise<void> => {
    const done = await eventually(
      () =>
        sql.query<unknown[]>(
          `SELECT 1 FROM outbox_events o JOIN inbox_messages i ON i.message_id = o.id::text AND i.consumer = $3
            WHERE o.aggregate_id = $1 AND o.event_type = $2`,
          [aggregateId, eventType, CACHE_INVALIDATION_CONSUMER],
        ),
      (rows) => rows.length > 0,
      { what: 'the cache invalidation consumer recording the event in its inbox', ...patience },
    );
    expect(done).toHaveLength(1);
  };

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'read-model-test',
      migrate: migrateDatabase,
      privateNats: true,
      sandbox: {},
      apps: { command: { AMQP_URL: testInfra.amqpUrl, OUTBOX_POLL_INTERVAL_MS: '100', LOG_LEVEL: 'warn' } },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 10_000 },
    });
    sql = stack.sql;
    client = stack.requester;
    redis = new Redis(testInfra.redisUrl);
    await stack.sandbox.registerMerchant('MOMO', merchant);
    query = await startQueryForTest({ DATABASE_URL: stack.databaseUrl, NATS_URL: stack.natsUrl });
    const added = await send<GatewayConfigReply>(Subjects.command.gatewayConfigAdd, {
      gatewayType: 'MOMO',
      name: 'MoMo main',
      credentials: merchant,
      supportedPaymentMethods: ['E_WALLET', 'QR_CODE'],
      isDefault: true,
    });
    if (!added.success) throw new Error(JSON.stringify(added.error));
    configurationId = added.data.id;
  });

  afterAll(async () => {
    await query?.close();
    redis?.disconnect();
    await stack?.stop();
  });

  it('serves a transaction read twice from the cache the second time', async () => {
    const payment = await pay();
    const hitsBefore = await hits();
    const first = await getTransaction(payment.transactionId);
    expect(first).toMatchObject({
      success: true,
      data: {
        id: payment.transactionId,
        status: 'PROCESSING',
        amount: 150_000,
        currency: 'VND',
        gatewayType: 'MOMO',
        gatewayConfigurationId: configurationId,
        sourceBoundedContext: 'orders',
        refundedAmount: 0,
        attempts: [{ attemptNumber: 1, status: 'SUCCEEDED' }],
        refunds: [],
      },
    });
    expect(first.success && first.data.timeline.map((e) => e.status)).toEqual(['PENDING', 'PROCESSING']);
    expect(await hits()).toBe(hitsBefore);

    const second = await getTransaction(payment.transactionId);
    expect(second).toEqual(first);
    expect(await hits()).toBe(hitsBefore + 1);
    const cached = JSON.parse((await redis.get(CacheKeys.transaction(payment.transactionId).name)) ?? '{}') as {
      version: number;
      tenantId: string;
    };
    expect(cached).toMatchObject({ version: 2, tenantId });
  });

  it('shows SUCCEEDED once ppm.payment.succeeded.v1 is consumed, though PROCESSING was cached', async () => {
    const payment = await pay();
    await getTransaction(payment.transactionId);
    expect(await getTransaction(payment.transactionId)).toMatchObject({ data: { status: 'PROCESSING' } });

    await capture(payment);
    await consumed(payment.transactionId, 'ppm.payment.succeeded.v1');
    const after = await getTransaction(payment.transactionId);
    expect(after).toMatchObject({ success: true, data: { status: 'SUCCEEDED', version: 3 } });
    expect(after.success && after.data.timeline.map((e) => `${e.status}:${e.cause}`)).toEqual([
      'PENDING:CREATED',
      'PROCESSING:GATEWAY_ORDER_CREATED',
      'SUCCEEDED:CAPTURED',
    ]);
  });

  it('never lets a slow reader write back the PROCESSING it read before the success was consumed', async () => {
    const payment = await pay();
    const key = CacheKeys.transaction(payment.transactionId);
    const cache = query.app.get(CacheAside);
    const reader = query.app.get(TransactionReader);
    let hasRead!: () => void;
    const read = new Promise<void>((resolve) => (hasRead = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // A reader that misses, reads PROCESSING (version 2) from Postgres, then stalls before its cache write.
    const slowReader = cache.read(key, tenantId, async (floor) => {
      const found = await reader.read(tenantId, payment.transactionId, floor);
      hasRead();
      await released;
      return found && { data: found.view, version: found.version, tenantId, ttlMs: 600_000 };
    });
    await read;

    await capture(payment);
    await consumed(payment.transactionId, 'ppm.payment.succeeded.v1');
    release();
    expect((await slowReader).value).toMatchObject({ status: 'PROCESSING', version: 2 });

    expect(await redis.get(key.name)).toBe('{"version":3,"tombstone":true}');
    expect(await getTransaction(payment.transactionId)).toMatchObject({ data: { status: 'SUCCEEDED' } });
    expect(await getTransaction(payment.transactionId)).toMatchObject({ data: { status: 'SUCCEEDED' } });
  });

  it('hides a transaction from another tenant, also when it is cached', async () => {
    const payment = await pay();
    expect(await getTransaction(payment.transactionId, otherTenantId)).toMatchObject({
      success: false,
      error: { code: 'TRANSACTION_NOT_FOUND' },
    });
    await getTransaction(payment.transactionId);
    const hitsBefore = await hits();
    expect(await getTransaction(payment.transactionId, otherTenantId)).toMatchObject({
      success: false,
      error: { code: 'TRANSACTION_NOT_FOUND' },
    });
    expect(await hits()).toBe(hitsBefore + 1);
  });

  it('reads Postgres once for a burst of requests on one uncached transaction', async () => {
    const payment = await pay();
    const loadsBefore = await loads();
    const replies = await Promise.all(Array.from({ length: 40 }, () => getTransaction(payment.transactionId)));
    expect(replies.every((r) => r.success && r.data.status === 'PROCESSING')).toBe(true);
    expect(await loads()).toBe(loadsBefore + 1);
  });

  it('shows refunds on the transaction once processed, and reads a refund for its tenant only', async () => {
    const payment = await pay(100_000);
    await capture(payment, 100_000);
    await consumed(payment.transactionId, 'ppm.payment.succeeded.v1');
    expect(await getTransaction(payment.transactionId)).toMatchObject({ data: { status: 'SUCCEEDED' } });

    const refunded = await send<ProcessRefundReply>(Subjects.command.refundProcess, {
      transactionId: payment.transactionId,
      amount: 40_000,
      reason: 'returned',
    });
    if (!refunded.success) throw new Error(JSON.stringify(refunded.error));
    await consumed(payment.transactionId, 'ppm.refund.processed.v1');
    const after = await getTransaction(payment.transactionId);
    expect(after).toMatchObject({
      success: true,
      data: {
        status: 'PARTIALLY_REFUNDED',
        refundedAmount: 40_000,
        refunds: [{ id: refunded.data.refundId, amount: 40_000, status: 'SUCCEEDED', reason: 'returned' }],
      },
    });
    expect(after.success && after.data.timeline.at(-1)).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      cause: 'REFUND_SUCCEEDED',
      refundId: refunded.data.refundId,
    });

    const refund = await send<RefundView>(Subjects.query.refundGet, { refundId: refunded.data.refundId });
    expect(refund).toMatchObject({
      success: true,
      data: { id: refunded.data.refundId, transactionId: payment.transactionId, amount: 40_000, currency: 'VND' },
    });
    expect(await send(Subjects.query.refundGet, { refundId: refunded.data.refundId }, otherTenantId)).toMatchObject({
      success: false,
      error: { code: 'REFUND_NOT_FOUND' },
    });
  });

  it('reads gateway configurations without credentials, and follows their changes', async () => {
    const byId = await send<GatewayConfigView>(Subjects.query.gatewayConfigGet, {
      gatewayConfigurationId: configurationId,
    });
    expect(byId).toMatchObject({
      success: true,
      data: { id: configurationId, gatewayType: 'MOMO', name: 'MoMo main', isDefault: true, isActive: true },
    });
    expect(byId.success && byId.data.merchantIdHint).toBe(`MOM***${merchant.partnerCode.slice(-2)}`);
    const everything = JSON.stringify(
      await Promise.all([
        send(Subjects.query.gatewayConfigGet, { gatewayConfigurationId: configurationId }),
        send(Subjects.query.gatewayConfigGet, {}),
        send(Subjects.query.gatewayConfigList, {}),
      ]),
    );
    for (const secret of [merchant.partnerCode, merchant.accessKey, merchant.secretKey]) {
      expect(everything).not.toContain(secret);
    }
    expect(await send(Subjects.query.gatewayConfigGet, {})).toMatchObject({ data: { id: configurationId } });
    expect(
      await send(Subjects.query.gatewayConfigGet, { gatewayConfigurationId: configurationId }, otherTenantId),
    ).toMatchObject({ success: false, error: { code: 'GATEWAY_CONFIG_NOT_FOUND' } });
    expect(await send(Subjects.query.gatewayConfigGet, {}, otherTenantId)).toMatchObject({
      success: false,
      error: { code: 'GATEWAY_CONFIG_NOT_FOUND' },
    });

    // A second configuration becomes the default: the first one loses it without an event of its own.
    const second = await send<GatewayConfigReply>(Subjects.command.gatewayConfigAdd, {
      gatewayType: 'MOMO',
      name: 'MoMo backup',
      credentials: { ...merchant, partnerCode: `MOMOB${randomUUID().slice(0, 8)}` },
      supportedPaymentMethods: ['E_WALLET'],
      isDefault: true,
    });
    if (!second.success) throw new Error(JSON.stringify(second.error));
    await consumed(second.data.id, 'ppm.gateway-config.added.v1');
    expect(await send(Subjects.query.gatewayConfigGet, {})).toMatchObject({ data: { id: second.data.id } });
    expect(await send(Subjects.query.gatewayConfigGet, { gatewayConfigurationId: configurationId })).toMatchObject({
      data: { isDefault: false },
    });
    const list = await send<ListGatewayConfigsReply>(Subjects.query.gatewayConfigList, { gatewayType: 'MOMO' });
    expect(list.success && list.data.items.map((c) => [c.name, c.isDefault])).toEqual([
      ['MoMo backup', true],
      ['MoMo main', false],
    ]);

    const renamed = await send(Subjects.command.gatewayConfigUpdate, { id: configurationId, name: 'MoMo primary' });
    expect(renamed).toMatchObject({ success: true });
    await consumed(configurationId, 'ppm.gateway-config.updated.v1');
    expect(await send(Subjects.query.gatewayConfigGet, { gatewayConfigurationId: configurationId })).toMatchObject({
      data: { name: 'MoMo primary' },
    });
  });

  it('counts and sums the tenant’s transactions by status and gateway', async () => {
    const stats = await send<TransactionStatsReply>(Subjects.query.transactionStats, {});
    if (!stats.success) throw new Error(JSON.stringify(stats.error));
    const [{ count }] = await sql.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM payment_transactions WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(stats.data.total.count).toBe(count);
    expect(stats.data.byGateway.map((g) => g.gatewayType)).toEqual(['MOMO']);
    const captured = stats.data.byStatus
      .filter((s) => ['SUCCEEDED', 'PARTIALLY_REFUNDED'].includes(s.status))
      .reduce((sum, s) => sum + s.count, 0);
    expect(captured).toBeGreaterThanOrEqual(3);
    expect(stats.data.successRate).toBe(1);
    expect(stats.data.refunded).toEqual([{ currency: 'VND', amount: 40_000 }]);
    const empty = await send<TransactionStatsReply>(Subjects.query.transactionStats, {}, otherTenantId);
    expect(empty).toMatchObject({ success: true, data: { total: { count: 0, amounts: [] }, successRate: null } });
  });
});
