import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import type { DataSource } from 'typeorm';
import {
  EVENTS_EXCHANGE,
  Subjects,
  type ApplyRefundResultReply,
  type GatewayConfigReply,
  type ProcessPaymentReply,
  type ProcessRefundReply,
  type PurgeTenantReply,
  type Reply,
  type SyncPaymentStatusReply,
} from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { TENANT_TABLES } from '@ppm/persistence';
import {
  startForTest,
  testInfra,
  TestStack,
  type RunningService,
  type SandboxControl,
  type TestRequester,
} from '@ppm/testing';
import { CommandConfig } from './command.config';
import { startCommand } from './start-command';

describe('status sync, refund results and tenant purge over NATS, with the sandbox as ZaloPay', () => {
  const tenantId: string = randomUUID();
  const merchant = {
    appId: String(100_000 + Math.floor(Math.random() * 800_000)),
    key1: randomUUID(),
    key2: randomUUID(),
  };
  let stack: TestStack;
  let db: DataSource;
  let control: SandboxControl;
  let command: RunningService;
  let nats: TestRequester;
  let rabbit: ChannelModel;

  const send = <T>(subject: string, data: unknown, extra: { idempotencyKey?: string; tenantId?: string } = {}) =>
    nats.request<T>(subject, data, {
      tenantId: extra.tenantId ?? tenantId,
      idempotencyKey: extra.idempotencyKey,
      userId: 'operator-1',
    });
  const dataOf = <T>(reply: Reply<T>): T => {
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };
  const addZalopay = async (tenant: string, name = 'ZaloPay main', isDefault = true): Promise<string> =>
    dataOf(
      await send<GatewayConfigReply>(
        Subjects.command.gatewayConfigAdd,
        { gatewayType: 'ZALOPAY', name, credentials: merchant, supportedPaymentMethods: ['E_WALLET'], isDefault },
        { tenantId: tenant },
      ),
    ).id;
  const processPayment = (
    extra: { tenantId?: string; idempotencyKey?: string; gatewayConfigurationId?: string; amount?: number } = {},
  ) =>
    send<ProcessPaymentReply>(
      Subjects.command.paymentProcess,
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: randomUUID(),
        amount: extra.amount ?? 150_000,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        gatewayConfigurationId: extra.gatewayConfigurationId,
        description: 'Thanh toán đơn hàng',
        returnUrl: 'https://shop.example/orders/return',
      },
      extra,
    );
  const sync = (transactionId: string, tenant = tenantId) =>
    send<SyncPaymentStatusReply>(Subjects.command.paymentSyncStatus, { transactionId }, { tenantId: tenant });
  /** A ZaloPay payment the customer paid, captured by a status sync (ZaloPay's callback goes to no worker here). */
  const payAndCapture = async (tenant = tenantId): Promise<ProcessPaymentReply> => {
    const payment = dataOf(await processPayment({ tenantId: tenant }));
    await control.complete('ZALOPAY', payment.gatewayReference ?? '', 'succeeded');
    expect(await sync(payment.transactionId, tenant)).toMatchObject({
      success: true,
      data: { status: 'SUCCEEDED', changed: true },
    });
    return payment;
  };
  const refund = (transactionId: string, amount: number, tenant = tenantId) =>
    send<ProcessRefundReply>(
      Subjects.command.refundProcess,
      { transactionId, amount, reason: 'returned' },
      { tenantId: tenant },
    );
  const paymentRow = async (transactionId: string) =>
    (
      await db.query<{ status: string; version: number; gateway_transaction_id: string | null }[]>(
        `SELECT status, version, gateway_transaction_id FROM payment_transactions WHERE id = $1`,
        [transactionId],
      )
    )[0];
  const sandboxOrder = async (reference: string) =>
    (await (await fetch(`${stack.sandboxUrl}/sandbox/orders/zalopay/${encodeURIComponent(reference)}`)).json()) as {
      transactionId: string | null;
    };
  const rowsOf = async (tenant: string): Promise<Record<string, number>> =>
    Object.fromEntries(
      await Promise.all(
        TENANT_TABLES.map(async (table) => {
          const [row] = await db.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`,
            [tenant],
          );
          return [table, row?.n ?? 0] as const;
        }),
      ),
    );

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'payment-sync-test',
      migrate: migrateDatabase,
      sandbox: { SANDBOX_ZALOPAY_REFUND_DELAY_MS: '100' },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 10_000 },
    });
    db = stack.sql;
    control = stack.sandbox;
    nats = stack.requester;
    await control.registerMerchant('ZALOPAY', merchant);
    command = await startForTest(CommandConfig, startCommand, {
      DATABASE_URL: stack.databaseUrl,
      GATEWAY_DEFAULT_BASE_URL: stack.sandboxUrl,
      GATEWAY_TIMEOUT_MS: '1000',
      GATEWAY_RETRIES: '0',
      OUTBOX_POLL_INTERVAL_MS: '100',
    });
    // A queue for PPM's events, so the relay has somewhere to route them (unroutable events stay unsent).
    rabbit = await connect(testInfra.amqpUrl);
    const channel = await rabbit.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    // Only PPM's own event families: a catch-all binding would make other tests' deliberately unroutable keys routable.
    for (const family of ['payment', 'refund', 'gateway-config', 'tenant', 'audit']) {
      await channel.bindQueue(queue, EVENTS_EXCHANGE, `ppm.${family}.#`);
    }
    await channel.consume(queue, () => undefined, { noAck: true });
    await addZalopay(tenantId);
  });

  afterAll(async () => {
    await control?.clearFaults().catch(() => undefined);
    await command?.close();
    await rabbit?.close();
    await stack?.stop();
  });

  describe('payment.sync-status', () => {
    it('moves a payment the customer failed to FAILED, then answers the final payment unchanged', async () => {
      const payment = dataOf(await processPayment());
      await control.complete('ZALOPAY', payment.gatewayReference ?? '', 'failed');
      expect(await sync(payment.transactionId)).toEqual({
        success: true,
        data: { transactionId: payment.transactionId, status: 'FAILED', changed: true, refunds: [] },
      });
      const version = (await paymentRow(payment.transactionId))?.version;
      expect(await sync(payment.transactionId)).toMatchObject({
        success: true,
        data: { status: 'FAILED', changed: false },
      });
      expect((await paymentRow(payment.transactionId))?.version).toBe(version);
    });

    it('captures a paid payment as SUCCEEDED with the gateway’s transaction id', async () => {
      const payment = dataOf(await processPayment());
      await control.complete('ZALOPAY', payment.gatewayReference ?? '', 'succeeded');
      expect(await sync(payment.transactionId)).toMatchObject({
        success: true,
        data: { status: 'SUCCEEDED', changed: true },
      });
      const { transactionId: zpTransId } = await sandboxOrder(payment.gatewayReference ?? '');
      expect(zpTransId).toBeTruthy();
      expect(await paymentRow(payment.transactionId)).toMatchObject({
        status: 'SUCCEEDED',
        gateway_transaction_id: zpTransId,
      });
    });

    it('leaves a payment the customer has not finished in PROCESSING, without writing', async () => {
      const payment = dataOf(await processPayment());
      const before = await paymentRow(payment.transactionId);
      expect(await sync(payment.transactionId)).toEqual({
        success: true,
        data: { transactionId: payment.transactionId, status: 'PROCESSING', changed: false, refunds: [] },
      });
      expect(await paymentRow(payment.transactionId)).toEqual(before);
    });

    it('never invents an outcome: a timed-out order stays in flight, and a timed-out query changes nothing', async () => {
      // Its own configuration, so these timeouts count against its own breaker only.
      const flaky = await addZalopay(tenantId, 'ZaloPay flaky', false);
      await control.setFault({ gatewayType: 'ZALOPAY', mode: 'timeout' });
      try {
        const opened = await processPayment({ gatewayConfigurationId: flaky });
        expect(opened).toMatchObject({
          success: false,
          error: { code: 'GATEWAY_TIMEOUT', details: { status: 'PROCESSING' } },
        });
        const transactionId =
          (!opened.success && (opened.error.details as { transactionId: string }).transactionId) || '';
        const before = await paymentRow(transactionId);
        expect(await sync(transactionId)).toMatchObject({
          success: false,
          error: { code: 'GATEWAY_TIMEOUT', details: { transactionId, status: 'PROCESSING', changed: false } },
        });
        expect(await paymentRow(transactionId)).toEqual(before);

        await control.clearFaults();
        // The order never reached ZaloPay ("not found"), and the payment has not expired: nothing to conclude yet.
        expect(await sync(transactionId)).toMatchObject({
          success: true,
          data: { status: 'PROCESSING', changed: false },
        });
        expect(await paymentRow(transactionId)).toEqual(before);
      } finally {
        await control.clearFaults();
      }
    });

    it('settles a ZaloPay refund left PROCESSING once ZaloPay has done it', async () => {
      const payment = await payAndCapture();
      const refunded = dataOf(await refund(payment.transactionId, 60_000));
      expect(refunded).toMatchObject({ status: 'PROCESSING', remainingRefundable: 90_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await sync(payment.transactionId)).toEqual({
        success: true,
        data: {
          transactionId: payment.transactionId,
          status: 'PARTIALLY_REFUNDED',
          changed: true,
          refunds: [{ refundId: refunded.refundId, status: 'SUCCEEDED' }],
        },
      });
      expect(await sync(payment.transactionId)).toMatchObject({
        success: true,
        data: { status: 'PARTIALLY_REFUNDED', changed: false, refunds: [] },
      });
    });

    it('says TRANSACTION_NOT_FOUND for an unknown or another tenant’s payment', async () => {
      const payment = dataOf(await processPayment());
      expect(await sync(randomUUID())).toMatchObject({ success: false, error: { code: 'TRANSACTION_NOT_FOUND' } });
      expect(await sync(payment.transactionId, randomUUID())).toMatchObject({
        success: false,
        error: { code: 'TRANSACTION_NOT_FOUND' },
      });
    });
  });

  describe('refund.apply-gateway-result', () => {
    const apply = (data: Record<string, unknown>) =>
      send<ApplyRefundResultReply>(Subjects.command.refundApplyGatewayResult, data);

    it('applies a refund’s success once, then answers DUPLICATE', async () => {
      const payment = await payAndCapture();
      const refunded = dataOf(await refund(payment.transactionId, 50_000));
      const result = { transactionId: payment.transactionId, refundId: refunded.refundId, outcome: 'succeeded' };
      expect(await apply({ ...result, gatewayRefundId: 'zp-refund-1' })).toEqual({
        success: true,
        data: {
          transactionId: payment.transactionId,
          refundId: refunded.refundId,
          status: 'SUCCEEDED',
          paymentStatus: 'PARTIALLY_REFUNDED',
          effect: 'APPLIED',
        },
      });
      expect(await apply({ ...result, gatewayRefundId: 'zp-refund-1' })).toMatchObject({
        success: true,
        data: { status: 'SUCCEEDED', effect: 'DUPLICATE' },
      });
      expect(await apply({ ...result, outcome: 'failed' })).toMatchObject({
        success: false,
        error: { code: 'INVALID_STATE_TRANSITION' },
      });
    });

    it('applies a refund’s failure, which frees its amount again', async () => {
      const payment = await payAndCapture();
      const refunded = dataOf(await refund(payment.transactionId, 100_000));
      expect(refunded.remainingRefundable).toBe(50_000);
      expect(
        await apply({ transactionId: payment.transactionId, refundId: refunded.refundId, outcome: 'failed' }),
      ).toMatchObject({ success: true, data: { status: 'FAILED', paymentStatus: 'SUCCEEDED', effect: 'APPLIED' } });
      expect(await refund(payment.transactionId, 50_000)).toMatchObject({
        success: true,
        data: { status: 'PROCESSING', remainingRefundable: 100_000 },
      });
    });

    it('says TRANSACTION_NOT_FOUND and REFUND_NOT_FOUND for what does not exist, VALIDATION_ERROR for a bad outcome', async () => {
      const payment = await payAndCapture();
      expect(await apply({ transactionId: randomUUID(), refundId: randomUUID(), outcome: 'succeeded' })).toMatchObject({
        success: false,
        error: { code: 'TRANSACTION_NOT_FOUND' },
      });
      expect(
        await apply({ transactionId: payment.transactionId, refundId: randomUUID(), outcome: 'succeeded' }),
      ).toMatchObject({ success: false, error: { code: 'REFUND_NOT_FOUND' } });
      expect(
        await apply({ transactionId: payment.transactionId, refundId: randomUUID(), outcome: 'pending' }),
      ).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    });
  });

  describe('tenant.purge', () => {
    const purged: string = randomUUID();
    const bystander: string = randomUUID();
    const purge = (data: unknown, tenant: string, idempotencyKey?: string) =>
      send<PurgeTenantReply>(Subjects.command.tenantPurge, data, { tenantId: tenant, idempotencyKey });

    /** A tenant with a row in every table a purge empties. */
    const populate = async (tenant: string): Promise<void> => {
      const configurationId = await addZalopay(tenant);
      const payment = await payAndCapture(tenant);
      expect(await refund(payment.transactionId, 10_000, tenant)).toMatchObject({ success: true });
      expect(await processPayment({ tenantId: tenant, idempotencyKey: randomUUID() })).toMatchObject({ success: true });
      const [run] = await db.query<{ id: string }[]>(
        `INSERT INTO reconciliation_runs (tenant_id, payment_gateway_id, gateway_type, business_date, source)
         VALUES ($1, $2, 'ZALOPAY', current_date, 'test') RETURNING id`,
        [tenant, configurationId],
      );
      await db.query(
        `INSERT INTO reconciliation_items (run_id, tenant_id, outcome, payment_transaction_id) VALUES ($1, $2, 'MATCHED', $3)`,
        [run?.id, tenant, payment.transactionId],
      );
      await db.query(
        `INSERT INTO webhook_events (gateway_type, tenant_id, dedup_key, http_method, verification)
         VALUES ('ZALOPAY', $1, $2, 'POST', 'VERIFIED')`,
        [tenant, randomUUID()],
      );
      expect(
        await send(Subjects.command.riskRulesUpdate, { rules: [] }, { tenantId: tenant, idempotencyKey: randomUUID() }),
      ).toMatchObject({ success: true });
      await db.query(
        `INSERT INTO risk_decisions (id, tenant_id, source_bounded_context, source_transaction_id, action, rules_hit,
                                     rule_set_version, amount, currency, decided_at)
         VALUES (gen_random_uuid(), $1, 'orders', 'o-1', 'BLOCK', '[]'::jsonb, 1, 1000, 'VND', now())`,
        [tenant],
      );
      await db.query(
        `INSERT INTO audit_log (tenant_id, actor_type, action, resource_type) VALUES ($1, 'USER', 'test', 'payment')`,
        [tenant],
      );
      // A merchant webhook endpoint with a delivery, whose attempt goes with it.
      const [endpoint] = await db.query<{ id: string }[]>(
        `INSERT INTO webhook_endpoints (tenant_id, url, secret) VALUES ($1, 'https://hooks.merchant.example/ppm', '{}'::jsonb)
         RETURNING id`,
        [tenant],
      );
      const [delivery] = await db.query<{ id: string }[]>(
        `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, payload)
         VALUES ($1, $2, gen_random_uuid(), 'payment.succeeded', '{}'::jsonb) RETURNING id`,
        [tenant, endpoint?.id],
      );
      await db.query(
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, latency_ms) VALUES ($1, now(), 5)`,
        [delivery?.id],
      );
      // An event the relay has not published yet (its lease keeps the relay away) beside the ones it has sent.
      await db.query(
        `INSERT INTO outbox_events (tenant_id, aggregate_type, aggregate_id, aggregate_version, event_type, payload, locked_until)
         VALUES ($1, 'PaymentTransaction', $2, 1, 'ppm.test.unsent.v1', '{}'::jsonb, now() + interval '1 hour')`,
        [tenant, randomUUID()],
      );
    };
    const outboxOf = async (tenant: string) =>
      (
        await db.query<{ sent: number; unsent: number }[]>(
          `SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent, count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent
             FROM outbox_events WHERE tenant_id = $1`,
          [tenant],
        )
      )[0];

    beforeAll(async () => {
      await populate(purged);
      await populate(bystander);
      const deadline = Date.now() + 10_000;
      while (((await outboxOf(purged))?.sent ?? 0) === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });

    it('refuses to purge another tenant, and deletes nothing', async () => {
      const before = await rowsOf(purged);
      expect(await purge({ tenantId: purged }, bystander)).toMatchObject({
        success: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await rowsOf(purged)).toEqual(before);
    });

    it('hard-deletes every row of the tenant, sent and unsent events too, and leaves another tenant untouched', async () => {
      const before = await rowsOf(purged);
      const bystanderBefore = await rowsOf(bystander);
      expect(Object.entries(before).filter(([, rows]) => rows === 0)).toEqual([]);
      expect((await outboxOf(purged))?.sent).toBeGreaterThan(0);
      expect((await outboxOf(purged))?.unsent).toBeGreaterThan(0);

      const key = randomUUID();
      const first = await purge({ tenantId: purged }, purged, key);
      expect(first).toEqual({ success: true, data: { tenantId: purged, deleted: before } });
      // Only the purge's own idempotency key is left (no tenant data, only its reply), so a retry replays it.
      expect(await rowsOf(purged)).toEqual({
        ...Object.fromEntries(TENANT_TABLES.map((table) => [table, 0])),
        idempotency_keys: 1,
      });
      expect(await rowsOf(bystander)).toEqual(bystanderBefore);
      const [merchantWebhooks] = await db.query<{ n: number }[]>(
        `SELECT ((SELECT count(*) FROM webhook_endpoints WHERE tenant_id = $1)
               + (SELECT count(*) FROM webhook_deliveries WHERE tenant_id = $1))::int AS n`,
        [purged],
      );
      expect(merchantWebhooks?.n).toBe(0);
      // The purge itself is audited and announced, with no row tied to the deleted tenant.
      const announced = await db.query<{ event_type: string }[]>(
        `SELECT event_type FROM outbox_events WHERE tenant_id IS NULL AND $1 IN (payload->'data'->>'tenantId', payload->'data'->>'resourceId') ORDER BY position`,
        [purged],
      );
      expect(announced.map((e) => e.event_type)).toEqual(['ppm.tenant.purged.v1', 'ppm.audit.recorded.v1']);
      const audited = await db.query<{ action: string }[]>(
        `SELECT action FROM audit_log WHERE tenant_id IS NULL AND resource_type = 'tenant' AND resource_id = $1`,
        [purged],
      );
      expect(audited).toEqual([{ action: 'ppm.tenant.purged.v1' }]);

      expect(await purge({ tenantId: purged }, purged, key)).toEqual(first);
      expect(await purge({ tenantId: purged }, purged)).toEqual({
        success: true,
        data: { tenantId: purged, deleted: Object.fromEntries(TENANT_TABLES.map((table) => [table, 0])) },
      });
      expect(await rowsOf(bystander)).toEqual(bystanderBefore);
    });
  });
});
