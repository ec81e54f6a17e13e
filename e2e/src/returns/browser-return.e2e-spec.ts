import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type ProcessPaymentReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import {
  eventually,
  sampleValue,
  TestStack,
  type AppProcess,
  type SandboxControl,
  type TestRequester,
} from '@ppm/testing';
import { addMerchantConfigurations } from '../support/merchant-configurations';

const SHOP_RETURN = 'https://shop.example/orders/return?order=ORD-7';

interface Completion {
  redirectUrl: string | null;
  delivery: { acknowledged: boolean } | null;
}

describe('browser returns through the worker, on the running processes', () => {
  const tenantId = randomUUID();
  const merchants = {
    VNPAY: { tmnCode: `T${randomUUID().slice(0, 7).toUpperCase()}`, hashSecret: randomUUID() },
    MOMO: { partnerCode: `MOMO${randomUUID().slice(0, 8)}`, accessKey: randomUUID(), secretKey: randomUUID() },
    ZALOPAY: { appId: String(20_000 + Math.floor(Math.random() * 40_000)), key1: randomUUID(), key2: randomUUID() },
  } as const;
  type Gateway = keyof typeof merchants;
  let configurationIds: Record<string, string> = {};
  let stack: TestStack;
  let worker: AppProcess;
  let db: DataSource;
  let sandbox: SandboxControl;
  let nats: TestRequester;

  const statusOf = async (transactionId: string): Promise<string | undefined> =>
    (await db.query<{ status: string }[]>(`SELECT status FROM payment_transactions WHERE id = $1`, [transactionId]))[0]
      ?.status;
  // Every wait here polls every 50 ms for up to 15 s.
  const patience = { timeoutMs: 15_000, intervalMs: 50 };
  const pay = async (gatewayType: Gateway): Promise<ProcessPaymentReply> => {
    const reply = await nats.request<ProcessPaymentReply>(
      Subjects.command.paymentProcess,
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: randomUUID(),
        amount: 150_000,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        description: 'Order ORD-7',
        returnUrl: SHOP_RETURN,
        gatewayConfigurationId: configurationIds[gatewayType],
      },
      { tenantId },
    );
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    // VNPay's order exists at the gateway once the customer's browser opens the payment URL.
    if (gatewayType === 'VNPAY') await fetch(reply.data.paymentUrl ?? '');
    return reply.data;
  };
  /** Pays at the sandbox as the customer and returns the link the gateway sends the browser back with. */
  const payAndComeBack = async (
    gatewayType: Gateway,
    outcome: 'succeeded' | 'failed' = 'succeeded',
  ): Promise<{ payment: ProcessPaymentReply; returnLink: URL }> => {
    const payment = await pay(gatewayType);
    const completed = (await sandbox.complete(gatewayType, payment.gatewayReference ?? '', outcome)) as Completion;
    const returnLink = new URL(completed.redirectUrl ?? '');
    expect(returnLink.origin).toBe(worker.url);
    expect(returnLink.pathname).toBe(`/api/v1/ppm/gateway/return/${gatewayType.toLowerCase()}`);
    return { payment, returnLink };
  };
  const open = (link: URL | string) => fetch(link, { redirect: 'manual' });

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'returns-e2e',
      migrate: migrateDatabase,
      sandbox: { SANDBOX_REDELIVERY_INTERVAL_MS: '100' },
      apps: {
        worker: { JOBS_ENABLED: 'false', CONSUMERS_ENABLED: 'false' },
        command: { OUTBOX_POLL_INTERVAL_MS: '100' },
      },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 10_000 },
    });
    worker = stack.app('worker');
    db = stack.sql;
    sandbox = stack.sandbox;
    nats = stack.requester;
    configurationIds = await addMerchantConfigurations(stack, tenantId, merchants);
  }, 120_000);

  afterAll(() => stack?.stop());

  it.each(['VNPAY', 'MOMO', 'ZALOPAY'] as const)(
    "%s: the signed return link redirects the browser to the caller's returnUrl with the payment's status",
    async (gatewayType) => {
      const { payment, returnLink } = await payAndComeBack(gatewayType);
      // The IPN came first here (the sandbox delivers it before sending the browser back).
      expect(
        await eventually(
          () => statusOf(payment.transactionId),
          (s) => s === 'SUCCEEDED',
          { what: 'the payment succeeded', ...patience },
        ),
      ).toBe('SUCCEEDED');

      const response = await open(returnLink);
      expect(response.status).toBe(302);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const location = new URL(response.headers.get('location') ?? '');
      expect(location.origin + location.pathname).toBe('https://shop.example/orders/return');
      expect(Object.fromEntries(location.searchParams)).toEqual({
        order: 'ORD-7',
        transactionId: payment.transactionId,
        status: 'SUCCEEDED',
      });
    },
  );

  it.each([
    ['VNPAY', 'vnp_ResponseCode', '24'],
    ['MOMO', 'resultCode', '1006'],
    ['ZALOPAY', 'status', '-1'],
  ] as const)(
    '%s: a tampered link (%s changed) gets a 400 page, no redirect, and changes nothing',
    async (gatewayType, field, value) => {
      const { payment, returnLink } = await payAndComeBack(gatewayType);
      const before = await eventually(
        () => statusOf(payment.transactionId),
        (s) => s === 'SUCCEEDED',
        { what: 'the payment succeeded', ...patience },
      );
      const tampered = new URL(returnLink);
      tampered.searchParams.set(field, value);

      const response = await open(tampered);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('This payment return link is invalid');
      expect(await statusOf(payment.transactionId)).toBe(before);
    },
  );

  it('refuses a link of a merchant nobody configured, and one with no parameters at all', async () => {
    const forged = new URL(`${worker.url}/api/v1/ppm/gateway/return/zalopay`);
    for (const [k, v] of Object.entries({
      appid: '1',
      apptransid: '261123_x',
      pmcid: '38',
      bankcode: '',
      amount: '1',
      discountamount: '0',
      status: '1',
      checksum: 'ab',
    }))
      forged.searchParams.set(k, v);
    expect((await open(forged)).status).toBe(400);
    expect((await open(`${worker.url}/api/v1/ppm/gateway/return/momo`)).status).toBe(400);
    expect((await open(`${worker.url}/api/v1/ppm/gateway/return/paypal`)).status).toBe(404);
  });

  it('a return while the payment is still in flight redirects with its status and syncs it with the gateway', async () => {
    // ZaloPay never calls back a failure: only the sync the return starts can settle the payment.
    const { payment, returnLink } = await payAndComeBack('ZALOPAY', 'failed');
    expect(await statusOf(payment.transactionId)).toBe('PROCESSING');

    const response = await open(returnLink);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('status')).toBe('PROCESSING');
    expect(location.searchParams.get('transactionId')).toBe(payment.transactionId);
    expect(
      await eventually(
        () => statusOf(payment.transactionId),
        (s) => s === 'FAILED',
        { what: 'the payment failed', ...patience },
      ),
    ).toBe('FAILED');
  });

  it("counts each gateway's webhooks in the worker's metrics (return links are not webhooks)", async () => {
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    for (const gateway of ['vnpay', 'momo', 'zalopay']) {
      expect(sampleValue(metrics, 'ppm_webhooks_received_total', { gateway, source: 'delivery' })).toBeGreaterThan(0);
      expect(sampleValue(metrics, 'ppm_webhooks_applied_total', { gateway, effect: 'APPLIED' })).toBeGreaterThan(0);
      expect(sampleValue(metrics, 'ppm_webhook_handling_seconds_count', { gateway })).toBeGreaterThan(0);
    }
    expect(sampleValue(metrics, 'ppm_webhooks_rejected_total', {})).toBe(0);
  });
});
