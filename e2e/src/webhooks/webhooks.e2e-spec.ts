import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { EVENTS_EXCHANGE, Subjects, type EventEnvelope, type ProcessPaymentReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { eventually, TestStack, testInfra, type SandboxControl, type TestRequester } from '@ppm/testing';
import { addMerchantConfigurations } from '../support/merchant-configurations';

interface Delivery {
  url: string;
  acknowledged: boolean;
  lastStatus: number;
  lastBody: unknown;
}

describe('gateway webhooks through the worker, on the running processes', () => {
  const tenantId = randomUUID();
  const merchants = {
    VNPAY: { tmnCode: `T${randomUUID().slice(0, 7).toUpperCase()}`, hashSecret: randomUUID() },
    MOMO: { partnerCode: `MOMO${randomUUID().slice(0, 8)}`, accessKey: randomUUID(), secretKey: randomUUID() },
    ZALOPAY: { appId: String(20_000 + Math.floor(Math.random() * 40_000)), key1: randomUUID(), key2: randomUUID() },
  } as const;
  let stack: TestStack;
  let sandbox: SandboxControl;
  let nats: TestRequester;
  let rabbit: ChannelModel;
  const events: EventEnvelope<unknown>[] = [];

  const succeeded = (transactionId: string) =>
    events.filter((e) => e.aggregateId === transactionId && e.type === 'ppm.payment.succeeded.v1');
  const pay = async (gatewayType: keyof typeof merchants): Promise<ProcessPaymentReply> => {
    const reply = await nats.request<ProcessPaymentReply>(
      Subjects.command.paymentProcess,
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: randomUUID(),
        amount: 150_000,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        description: 'Order',
        returnUrl: 'https://shop.example/return',
        gatewayConfigurationId: configurationIds[gatewayType],
      },
      { tenantId },
    );
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    // VNPay's order exists at the gateway once the customer's browser opens the payment URL.
    if (gatewayType === 'VNPAY') await fetch(reply.data.paymentUrl ?? '');
    return reply.data;
  };
  let configurationIds: Record<string, string> = {};

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'webhooks-e2e',
      migrate: migrateDatabase,
      sandbox: { SANDBOX_REDELIVERY_INTERVAL_MS: '100' },
      apps: { worker: {}, command: { OUTBOX_POLL_INTERVAL_MS: '100' } },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 10_000 },
    });
    sandbox = stack.sandbox;
    nats = stack.requester;
    rabbit = await connect(testInfra.amqpUrl);
    const channel = await rabbit.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'ppm.payment.#');
    await channel.consume(queue, (m) => m && events.push(JSON.parse(m.content.toString()) as EventEnvelope<unknown>), {
      noAck: true,
    });
    configurationIds = await addMerchantConfigurations(stack, tenantId, merchants);
  }, 120_000);

  afterAll(async () => {
    await rabbit?.close();
    await stack?.stop();
  });

  it.each(['VNPAY', 'MOMO', 'ZALOPAY'] as const)(
    '%s: the signed callback moves the payment to SUCCEEDED, once',
    async (gatewayType) => {
      const payment = await pay(gatewayType);
      const completed = (await sandbox.complete(gatewayType, payment.gatewayReference ?? '', 'succeeded')) as {
        delivery: Delivery;
      };
      expect(completed.delivery.acknowledged).toBe(true);
      await eventually(() => succeeded(payment.transactionId).length > 0, Boolean, {
        what: 'the payment succeeded event',
        timeoutMs: 10_000,
        intervalMs: 25,
      });
      expect(succeeded(payment.transactionId)).toHaveLength(1);
    },
  );

  it('VNPay: the same IPN delivered 50 times at once changes state once and yields one event; a tampered one gets 97', async () => {
    const payment = await pay('VNPAY');
    const completed = (await sandbox.complete('VNPAY', payment.gatewayReference ?? '', 'succeeded')) as {
      delivery: Delivery;
    };
    const ipnUrl = completed.delivery.url;
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => fetch(ipnUrl).then((r) => r.json() as Promise<{ RspCode: string }>)),
    );
    expect(replies.filter((r) => r.RspCode !== '00' && r.RspCode !== '02')).toEqual([]);
    await eventually(() => succeeded(payment.transactionId).length > 0, Boolean, {
      what: 'the payment succeeded event',
      timeoutMs: 10_000,
      intervalMs: 25,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(succeeded(payment.transactionId)).toHaveLength(1);

    const tampered = ipnUrl.replace('vnp_Amount=15000000', 'vnp_Amount=100');
    expect(await (await fetch(tampered)).json()).toEqual({ RspCode: '97', Message: 'Invalid signature' });
  });

  it('a callback for a merchant nobody configured changes nothing and is refused', async () => {
    const response = await fetch(`${stack.workerUrl}/api/v1/internal/ppm/gateway/webhook/momo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        partnerCode: 'NOBODY',
        orderId: 'x',
        requestId: 'x',
        amount: 1,
        resultCode: 0,
        transId: 1,
        signature: 'ab',
      }),
    });
    expect(response.status).toBe(401);
  });
});
