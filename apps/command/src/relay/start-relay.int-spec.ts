import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import type { DataSource } from 'typeorm';
import {
  EVENTS_EXCHANGE,
  Subjects,
  type EventEnvelope,
  type GatewayConfigReply,
  type ProcessPaymentReply,
} from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { startForTest, TestStack, testInfra, type RunningService, type TestRequester } from '@ppm/testing';
import { CommandConfig } from '../command.config';
import { startCommand } from '../start-command';
import { startRelay } from './start-relay';

// OUTBOX_RELAY=own-process: the command service serves commands and publishes nothing itself; the relay's own
// process publishes what its writes commit, woken by their NOTIFY.
describe('the outbox relay in a process of its own', () => {
  const tenantId = randomUUID();
  const merchant = { partnerCode: `MOMO${randomUUID().slice(0, 8)}`, accessKey: randomUUID(), secretKey: randomUUID() };
  let stack: TestStack;
  let dataSource: DataSource;
  let command: RunningService;
  let relay: RunningService | undefined;
  let nats: TestRequester;
  let observer: ChannelModel;
  const received: EventEnvelope<unknown>[] = [];

  const unsent = async (): Promise<number> => {
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE tenant_id = $1 AND sent_at IS NULL`,
      [tenantId],
    );
    return row?.n ?? -1;
  };
  const eventually = async (done: () => Promise<boolean> | boolean): Promise<boolean> => {
    const deadline = Date.now() + 15_000;
    while (!(await done()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    return done();
  };

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'relay-process-test',
      migrate: migrateDatabase,
      sandbox: {},
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 10_000 },
    });
    dataSource = stack.sql;
    nats = stack.requester;
    await stack.sandbox.registerMerchant('MOMO', merchant);
    observer = await connect(testInfra.amqpUrl);
    const channel = await observer.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'ppm.#');
    await channel.consume(
      queue,
      (message) => {
        const envelope = message && (JSON.parse(message.content.toString()) as EventEnvelope<unknown>);
        if (envelope?.tenantId === tenantId) received.push(envelope);
      },
      { noAck: true },
    );
    command = await startForTest(CommandConfig, startCommand, {
      DATABASE_URL: stack.databaseUrl,
      GATEWAY_DEFAULT_BASE_URL: stack.sandboxUrl,
      OUTBOX_RELAY: 'own-process',
      OUTBOX_POLL_INTERVAL_MS: '100',
    });
  });

  afterAll(async () => {
    await relay?.close();
    await command?.close();
    await observer?.close();
    await stack?.stop();
  });

  it('publishes nothing from the command service, and everything from the relay process', async () => {
    const added = await nats.request<GatewayConfigReply>(
      Subjects.command.gatewayConfigAdd,
      {
        gatewayType: 'MOMO',
        name: 'MoMo',
        credentials: merchant,
        supportedPaymentMethods: ['E_WALLET'],
        isDefault: true,
      },
      { tenantId },
    );
    expect(added.success).toBe(true);
    // Several of the command's poll intervals: an in-process relay would have published by now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const waiting = await unsent();
    expect(waiting).toBeGreaterThan(0);
    expect(received).toHaveLength(0);

    relay = await startForTest(CommandConfig, startRelay, {
      DATABASE_URL: stack.databaseUrl,
      OUTBOX_POLL_INTERVAL_MS: '60000',
    });
    expect(await eventually(async () => (await unsent()) === 0)).toBe(true);
    expect(received).toHaveLength(waiting);

    // Woken by the payment write's NOTIFY: the relay's own poll is a minute away.
    const paid = await nats.request<ProcessPaymentReply>(
      Subjects.command.paymentProcess,
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: randomUUID(),
        amount: 150_000,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        description: 'Thanh toan don hang',
        returnUrl: 'https://shop.example/orders/return',
      },
      { tenantId, idempotencyKey: randomUUID() },
    );
    if (!paid.success) throw new Error(JSON.stringify(paid.error));
    const paymentId = paid.data.transactionId;
    expect(await eventually(() => received.some((e) => e.aggregateId === paymentId))).toBe(true);
  });
});
