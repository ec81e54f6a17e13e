import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { DataSource } from 'typeorm';
import {
  EVENTS_EXCHANGE,
  Subjects,
  type ApplyGatewayResultReply,
  type EventEnvelope,
  type GatewayConfigReply,
  type ProcessPaymentReply,
  type ProcessRefundReply,
} from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { eventually, startForTest, testInfra, TestStack, type RunningService, type TestRequester } from '@ppm/testing';
import { CommandConfig } from './command.config';
import { startCommand } from './start-command';

describe('payments and refunds over NATS, on real Postgres and RabbitMQ, with the sandbox as MoMo', () => {
  const tenantId = randomUUID();
  const merchant = { partnerCode: `MOMO${randomUUID().slice(0, 8)}`, accessKey: randomUUID(), secretKey: randomUUID() };
  let stack: TestStack;
  let command: RunningService;
  let nats: TestRequester;
  let rabbit: ChannelModel;
  const events: EventEnvelope<{ transactionId?: string }>[] = [];

  const send = <T>(subject: string, data: unknown, extra: { idempotencyKey?: string; tenantId?: string } = {}) =>
    nats.request<T>(subject, data, {
      tenantId: extra.tenantId ?? tenantId,
      idempotencyKey: extra.idempotencyKey,
      userId: 'operator-1',
    });
  const order = (sourceTransactionId = randomUUID(), amount = 150_000) => ({
    sourceBoundedContext: 'orders',
    sourceTransactionId,
    amount,
    currency: 'VND',
    paymentMethodType: 'E_WALLET',
    description: 'Thanh toán đơn hàng',
    returnUrl: 'https://shop.example/orders/return',
  });
  const payAndCapture = async (amount = 150_000): Promise<ProcessPaymentReply> => {
    const processed = await send<ProcessPaymentReply>(Subjects.command.paymentProcess, order(randomUUID(), amount));
    if (!processed.success) throw new Error(JSON.stringify(processed.error));
    await stack.sandbox.complete('MOMO', processed.data.gatewayReference ?? '', 'succeeded');
    const applied = await send<ApplyGatewayResultReply>(Subjects.command.paymentApplyGatewayResult, {
      gatewayType: 'MOMO',
      gatewayReference: processed.data.gatewayReference,
      outcome: 'succeeded',
      gatewayTransactionId: await sandboxTransId(processed.data.gatewayReference ?? ''),
      amount,
      rawCodes: { resultCode: '0' },
    });
    expect(applied).toMatchObject({ success: true, data: { status: 'SUCCEEDED', effect: 'APPLIED' } });
    return processed.data;
  };
  const sandboxTransId = async (reference: string): Promise<string> => {
    const order = (await (await fetch(`${stack.sandboxUrl}/sandbox/orders/momo/${reference}`)).json()) as Record<
      string,
      unknown
    >;
    return String(order['transactionId']);
  };
  const eventsOf = (transactionId: string, type: string) =>
    events.filter((e) => e.aggregateId === transactionId && e.type === type);

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'payment-flow-test',
      migrate: migrateDatabase,
      sandbox: {},
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 10_000 },
    });
    await stack.sandbox.registerMerchant('MOMO', merchant);
    nats = stack.requester;
    rabbit = await connect(testInfra.amqpUrl);
    const channel = await rabbit.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'ppm.payment.#');
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'ppm.refund.#');
    await channel.consume(
      queue,
      (m) => m && events.push(JSON.parse(m.content.toString()) as EventEnvelope<{ transactionId?: string }>),
      { noAck: true },
    );
    command = await startForTest(CommandConfig, startCommand, {
      DATABASE_URL: stack.databaseUrl,
      GATEWAY_DEFAULT_BASE_URL: stack.sandboxUrl,
      OUTBOX_POLL_INTERVAL_MS: '100',
    });
    const added = await send<GatewayConfigReply>(Subjects.command.gatewayConfigAdd, {
      gatewayType: 'MOMO',
      name: 'MoMo main',
      credentials: merchant,
      supportedPaymentMethods: ['E_WALLET', 'QR_CODE'],
      isDefault: true,
    });
    expect(added).toMatchObject({ success: true, data: { gatewayType: 'MOMO', isDefault: true } });
    expect(JSON.stringify(added)).not.toContain(merchant.secretKey);
  });

  afterAll(async () => {
    await command?.close();
    await rabbit?.close();
    await stack?.stop();
  });

  it('keeps the gateway secret unreadable in the database', async () => {
    const dataSource = await new DataSource({ type: 'postgres', url: stack.databaseUrl }).initialize();
    const rows = await dataSource.query<{ details: string }[]>(
      `SELECT configuration_details::text AS details FROM payment_gateway_configurations`,
    );
    await dataSource.destroy();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.details).not.toContain(merchant.secretKey);
    expect(rows[0]?.details).not.toContain(merchant.accessKey);
  });

  it('processes a payment to PROCESSING with a payment URL, and replays it for the same idempotency key', async () => {
    const key = randomUUID();
    const body = order();
    const first = await send<ProcessPaymentReply>(Subjects.command.paymentProcess, body, { idempotencyKey: key });
    expect(first).toMatchObject({ success: true, data: { status: 'PROCESSING', gatewayType: 'MOMO' } });
    expect(first.success && first.data.paymentUrl).toContain(stack.sandboxUrl);
    expect(await send(Subjects.command.paymentProcess, body, { idempotencyKey: key })).toEqual(first);
    const reused = await send(Subjects.command.paymentProcess, { ...body, amount: 1 }, { idempotencyKey: key });
    expect(reused).toMatchObject({ success: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const again = await send(Subjects.command.paymentProcess, body);
    expect(again).toMatchObject({ success: false, error: { code: 'DUPLICATE_SOURCE_TRANSACTION' } });
  });

  it('applies the gateway result once: SUCCEEDED and exactly one ppm.payment.succeeded.v1 on RabbitMQ', async () => {
    const payment = await payAndCapture();
    const duplicate = await send<ApplyGatewayResultReply>(Subjects.command.paymentApplyGatewayResult, {
      gatewayType: 'MOMO',
      gatewayReference: payment.gatewayReference,
      outcome: 'succeeded',
      gatewayTransactionId: await sandboxTransId(payment.gatewayReference ?? ''),
      amount: 150_000,
      rawCodes: { resultCode: '0' },
    });
    expect(duplicate).toMatchObject({ success: true, data: { effect: 'DUPLICATE' } });
    await eventually(() => eventsOf(payment.transactionId, 'ppm.payment.succeeded.v1').length > 0, Boolean, {
      what: 'the payment succeeded event',
      timeoutMs: 10_000,
      intervalMs: 25,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(eventsOf(payment.transactionId, 'ppm.payment.succeeded.v1')).toHaveLength(1);
    expect(eventsOf(payment.transactionId, 'ppm.payment.created.v1')).toHaveLength(1);
  });

  it('refunds in part up to the captured amount, then refuses the next with REFUND_EXCEEDS_REFUNDABLE', async () => {
    const payment = await payAndCapture();
    const refund = (amount: number) =>
      send<ProcessRefundReply>(Subjects.command.refundProcess, {
        transactionId: payment.transactionId,
        amount,
        reason: 'returned',
      });
    expect(await refund(50_000)).toMatchObject({
      success: true,
      data: { status: 'SUCCEEDED', remainingRefundable: 100_000 },
    });
    expect(await refund(100_000)).toMatchObject({
      success: true,
      data: { status: 'SUCCEEDED', remainingRefundable: 0 },
    });
    expect(await refund(1_000)).toMatchObject({ success: false, error: { code: 'REFUND_EXCEEDS_REFUNDABLE' } });
    await eventually(() => eventsOf(payment.transactionId, 'ppm.refund.processed.v1').length >= 2, Boolean, {
      what: 'both refund processed events',
      timeoutMs: 10_000,
      intervalMs: 25,
    });
    expect(eventsOf(payment.transactionId, 'ppm.refund.processed.v1')).toHaveLength(2);
  });

  it('never over-refunds when refunds race for the last amount', async () => {
    const payment = await payAndCapture(100_000);
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        send<ProcessRefundReply>(Subjects.command.refundProcess, {
          transactionId: payment.transactionId,
          amount: 60_000,
          reason: 'race',
        }),
      ),
    );
    expect(replies.filter((r) => r.success)).toHaveLength(1);
    expect(replies.filter((r) => !r.success).map((r) => !r.success && r.error.code)).toEqual(
      Array.from({ length: 4 }, () => 'REFUND_EXCEEDS_REFUNDABLE'),
    );
  });

  it('sends a refund once when its duplicate (same idempotency key) arrives while the first waits for the gateway', async () => {
    const payment = await payAndCapture();
    const body = { transactionId: payment.transactionId, amount: 20_000, reason: 'duplicate' };
    const key = randomUUID();
    const dataSource = await new DataSource({ type: 'postgres', url: stack.databaseUrl }).initialize();
    await stack.sandbox.setFault({ gatewayType: 'MOMO', latencyMs: 1_500 });
    try {
      const first = send<ProcessRefundReply>(Subjects.command.refundProcess, body, { idempotencyKey: key });
      // The duplicate must find the refund reserved and not yet answered by the gateway.
      await eventually(
        () =>
          dataSource.query<{ status: string }[]>(`SELECT status FROM refunds WHERE payment_transaction_id = $1`, [
            payment.transactionId,
          ]),
        (rows) => rows.length === 1 && rows[0]?.status === 'REQUESTED',
        { what: 'the reserved refund', timeoutMs: 10_000, intervalMs: 10 },
      );
      const duplicate = await send<ProcessRefundReply>(Subjects.command.refundProcess, body, { idempotencyKey: key });
      expect(duplicate).toMatchObject({ success: false, error: { code: 'IDEMPOTENCY_KEY_IN_PROGRESS' } });
      expect(await first).toMatchObject({ success: true, data: { status: 'SUCCEEDED' } });
    } finally {
      await stack.sandbox.clearFaults();
      await dataSource.destroy();
    }
    const order = (await (
      await fetch(`${stack.sandboxUrl}/sandbox/orders/momo/${payment.gatewayReference ?? ''}`)
    ).json()) as { refunds: unknown[] };
    expect(order.refunds).toHaveLength(1);
  });

  it('names the bad fields, and hides another tenant’s payment', async () => {
    const bad = await send(Subjects.command.paymentProcess, { ...order(), amount: 10.5, currency: undefined });
    expect(bad).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    expect(!bad.success && JSON.stringify(bad.error.details)).toContain('data.amount');
    const payment = await payAndCapture();
    const foreign = await send(
      Subjects.command.refundProcess,
      { transactionId: payment.transactionId, amount: 1_000, reason: 'x' },
      { tenantId: randomUUID() },
    );
    expect(foreign).toMatchObject({ success: false, error: { code: 'TRANSACTION_NOT_FOUND' } });
  });
});
