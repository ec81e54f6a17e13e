import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Subjects, type GatewayConfigReply, type ProcessPaymentReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import {
  createIsolatedDatabase,
  freePort,
  requireServers,
  SandboxControl,
  startApp,
  startForTest,
  testInfra,
  type AppProcess,
  type IsolatedDatabase,
  type RunningService,
} from '@ppm/testing';
import { CommandConfig } from '../../command.config';
import { startCommand } from '../../start-command';

describe('payment.process names who pays: customerRef and clientIp, sent to VNPay as vnp_IpAddr', () => {
  const tenantId = randomUUID();
  const merchant = { tmnCode: `T${randomBytes(4).toString('hex').toUpperCase()}`, hashSecret: randomUUID() };
  let database: IsolatedDatabase;
  let sandbox: AppProcess;
  let command: RunningService;
  let nats: NatsRequester;
  let sql: Client;

  const pay = (extra: Record<string, unknown>) =>
    nats.request<ProcessPaymentReply>(
      Subjects.command.paymentProcess,
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: randomUUID(),
        amount: 150_000,
        currency: 'VND',
        paymentMethodType: 'ATM_CARD',
        description: 'Order',
        returnUrl: 'https://shop.example/return',
        ...extra,
      },
      { tenantId, traceId: randomUUID(), idempotencyKey: randomUUID() },
    );
  const stored = async (transactionId: string) =>
    (
      await sql.query<{ customer_ref: string | null; client_ip: string | null }>(
        'SELECT customer_ref, host(client_ip) AS client_ip FROM payment_transactions WHERE id = $1',
        [transactionId],
      )
    ).rows[0];
  const ipAddrOf = (paymentUrl: string | null) => new URL(paymentUrl ?? '').searchParams.get('vnp_IpAddr');

  beforeAll(async () => {
    await requireServers('postgres', 'nats', 'rabbitmq');
    database = await createIsolatedDatabase(migrateDatabase);
    const port = String(await freePort());
    sandbox = await startApp('gateway-sandbox', { PORT: port, SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}` });
    await new SandboxControl(sandbox.url).registerMerchant('VNPAY', merchant);
    command = await startForTest(CommandConfig, startCommand, {
      DATABASE_URL: database.url,
      GATEWAY_DEFAULT_BASE_URL: sandbox.url,
    });
    nats = await NatsRequester.connect({
      url: testInfra.natsUrl,
      name: 'who-pays-int-spec',
      requestTimeoutMs: 10_000,
      credentials: testInfra.natsAs('caller'),
    });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    const added = await nats.request<GatewayConfigReply>(
      Subjects.command.gatewayConfigAdd,
      {
        gatewayType: 'VNPAY',
        name: 'VNPay',
        credentials: merchant,
        supportedPaymentMethods: ['ATM_CARD'],
        isDefault: true,
      },
      { tenantId, traceId: randomUUID(), idempotencyKey: randomUUID() },
    );
    expect(added).toMatchObject({ success: true });
  });

  afterAll(async () => {
    await sql?.end();
    await nats?.onApplicationShutdown();
    await command?.close();
    await sandbox?.stop('SIGKILL');
    await database?.drop();
  });

  it.each(['203.0.113.7', '2001:db8::7'])(
    'stores %s and the customer on the payment, and VNPay gets the address and opens its page',
    async (clientIp) => {
      const reply = await pay({ clientIp, customerRef: 'customer-42' });
      if (!reply.success) throw new Error(JSON.stringify(reply.error));
      expect(ipAddrOf(reply.data.paymentUrl)).toBe(clientIp);
      await expect(stored(reply.data.transactionId)).resolves.toEqual({
        customer_ref: 'customer-42',
        client_ip: clientIp,
      });
      const page = await fetch(reply.data.paymentUrl ?? '', { redirect: 'manual' });
      expect(page.status).toBe(200);
    },
  );

  it('sends the service address as before when the caller names no client, and stores neither', async () => {
    const reply = await pay({});
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    expect(ipAddrOf(reply.data.paymentUrl)).toBe('127.0.0.1');
    await expect(stored(reply.data.transactionId)).resolves.toEqual({ customer_ref: null, client_ip: null });
  });

  it.each([
    ['clientIp', '203.0.113.256'],
    ['clientIp', 'fe80::1%eth0'],
    ['clientIp', 'localhost'],
    ['customerRef', ''],
    ['customerRef', 'x'.repeat(129)],
  ])('refuses %s %j as VALIDATION_ERROR', async (field, value) => {
    const reply = await pay({ [field]: value });
    expect(reply).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    expect(JSON.stringify(reply)).toContain(field);
  });
});
