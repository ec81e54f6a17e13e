import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Subjects, type GatewayConfigReply, type ProcessPaymentReply } from '@ppm/contracts';
import { Money, PaymentTransaction, type Result } from '@ppm/domain';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import {
  IdempotencyStore,
  OutboxWriter,
  PostgresPaymentTransactionRepository,
  requestFingerprint,
} from '@ppm/persistence';
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

// A command service that died in the middle of `payment.process` leaves its idempotency key IN_PROGRESS (its lock
// expires), naming the payment it committed. These tests write exactly those rows, then retry as the caller would.
describe('payment.process retried after the first execution died before storing its reply', () => {
  const tenantId = randomUUID();
  const merchant = { partnerCode: `MOMO${randomUUID().slice(0, 8)}`, accessKey: randomUUID(), secretKey: randomUUID() };
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let sandbox: AppProcess;
  let command: RunningService;
  let nats: NatsRequester;
  let configurationId: string;
  let zalopayConfigurationId: string;
  const zalopay = {
    appId: String(10_000 + Math.floor(Math.random() * 80_000)),
    key1: randomUUID(),
    key2: randomUUID(),
  };

  const order = () => ({
    sourceBoundedContext: 'orders',
    sourceTransactionId: randomUUID(),
    amount: 150_000,
    currency: 'VND',
    paymentMethodType: 'E_WALLET',
    description: 'Thanh toan don hang',
    returnUrl: 'https://shop.example/orders/return',
  });
  type Order = ReturnType<typeof order>;
  const process = (body: Order & { gatewayConfigurationId?: string }, idempotencyKey?: string) =>
    nats.request<ProcessPaymentReply>(Subjects.command.paymentProcess, body, { tenantId, idempotencyKey });
  const sandboxOrder = async (reference: string): Promise<number> =>
    (await fetch(`${sandbox.url}/sandbox/orders/momo/${reference}`)).status;
  const must = <T>(result: Result<T>): T => {
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  // The key as a crashed execution leaves it: claimed, never completed, its lock already run out.
  const abandonKey = async (key: string): Promise<void> => {
    const [abandoned] = await dataSource.query<{ n: number }[]>(
      `WITH abandoned AS (
         UPDATE idempotency_keys
            SET status = 'IN_PROGRESS', response = NULL, completed_at = NULL, locked_until = now() - interval '1 second'
          WHERE tenant_id = $1 AND scope = $2 AND key = $3
         RETURNING 1)
       SELECT count(*)::int AS n FROM abandoned`,
      [tenantId, Subjects.command.paymentProcess, key],
    );
    expect(abandoned?.n).toBe(1);
  };

  // The payment as committed under its claimed key before the gateway was called: PENDING, its attempt PENDING, no
  // payment URL.
  const commitPendingPayment = async (key: string, body: Order): Promise<PaymentTransaction> => {
    const store = new IdempotencyStore(dataSource, { ttlMs: 3_600_000, lockMs: 3_600_000 });
    const id = { tenantId, scope: Subjects.command.paymentProcess, key };
    expect(await store.claim(id, requestFingerprint(body))).toEqual({ kind: 'claimed' });
    const now = new Date();
    const reference = randomUUID().replace(/-/g, '');
    const payment = must(
      PaymentTransaction.create({
        id: randomUUID(),
        tenantId,
        amount: must(Money.of(body.amount, body.currency)),
        paymentMethod: 'E_WALLET',
        source: { boundedContext: body.sourceBoundedContext, transactionId: body.sourceTransactionId },
        gatewayConfigurationId: configurationId,
        gatewayType: 'MOMO',
        description: body.description,
        returnUrl: body.returnUrl,
        expiresAt: new Date(now.getTime() + 15 * 60_000),
        now,
      }),
    );
    must(
      payment.startAttempt({ attemptId: randomUUID(), gatewayRequestId: reference, gatewayReference: reference, now }),
    );
    const repository = new PostgresPaymentTransactionRepository(dataSource, new OutboxWriter());
    must(
      await repository.add(
        payment,
        { traceId: key, correlationId: key, causationId: null, actor: { type: 'SERVICE', id: null } },
        { scope: id.scope, key },
      ),
    );
    return payment;
  };

  beforeAll(async () => {
    await requireServers('postgres', 'nats', 'rabbitmq');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    const port = String(await freePort());
    sandbox = await startApp('gateway-sandbox', { PORT: port, SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}` });
    await new SandboxControl(sandbox.url).registerMerchant('MOMO', merchant);
    command = await startForTest(CommandConfig, startCommand, {
      DATABASE_URL: database.url,
      GATEWAY_DEFAULT_BASE_URL: sandbox.url,
    });
    nats = await NatsRequester.connect({
      url: testInfra.natsUrl,
      name: 'process-resume-test',
      requestTimeoutMs: 10_000,
      credentials: testInfra.natsAs('caller'),
    });
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
    if (!added.success) throw new Error(JSON.stringify(added.error));
    configurationId = added.data.id;
    await new SandboxControl(sandbox.url).registerMerchant('ZALOPAY', zalopay);
    const zalo = await nats.request<GatewayConfigReply>(
      Subjects.command.gatewayConfigAdd,
      { gatewayType: 'ZALOPAY', name: 'ZaloPay', credentials: zalopay, supportedPaymentMethods: ['E_WALLET'] },
      { tenantId },
    );
    if (!zalo.success) throw new Error(JSON.stringify(zalo.error));
    zalopayConfigurationId = zalo.data.id;
  });

  afterAll(async () => {
    await nats?.onApplicationShutdown();
    await command?.close();
    await dataSource?.destroy();
    await sandbox?.stop('SIGKILL');
    await database?.drop();
  });

  it('opens the order the crashed run never sent, replies with its payment URL, and replays that reply', async () => {
    const key = randomUUID();
    const body = order();
    const crashed = await commitPendingPayment(key, body);
    const reference = crashed.gatewayReference ?? '';
    await abandonKey(key);
    expect(await sandboxOrder(reference)).toBe(404);

    const retried = await process(body, key);

    expect(retried).toEqual({
      success: true,
      data: {
        transactionId: crashed.id,
        status: 'PROCESSING',
        gatewayType: 'MOMO',
        gatewayReference: reference,
        paymentUrl: `${sandbox.url}/sandbox/pay/momo/${reference}`,
        expiresAt: crashed.expiresAt.toISOString(),
      },
    });
    expect(await sandboxOrder(reference)).toBe(200);
    expect(await process(body, key)).toEqual(retried);
    const rows = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM payment_transactions WHERE tenant_id = $1 AND source_transaction_id = $2`,
      [tenantId, body.sourceTransactionId],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('answers the payment URL of an order the crashed run had opened', async () => {
    const key = randomUUID();
    const body = order();
    const first = await process(body, key);
    expect(first).toMatchObject({ success: true, data: { status: 'PROCESSING' } });
    await abandonKey(key);

    expect(await process(body, key)).toEqual(first);
  });

  it.each([
    ['MOMO', () => order()],
    // ZaloPay knows the order by a date-prefixed app_trans_id; the interrupted payment holds our bare reference.
    ['ZALOPAY', () => ({ ...order(), gatewayConfigurationId: zalopayConfigurationId })],
  ])(
    '%s: never opens a second order when the crashed run reached the gateway: left to the status sync',
    async (_, make) => {
      const key = randomUUID();
      const body = make();
      const first = await process(body, key);
      if (!first.success) throw new Error(JSON.stringify(first.error));
      // The gateway has the order, but the run died before recording its answer (and the reference it answered with).
      await dataSource.query(
        `UPDATE payment_transactions p SET status = 'PENDING', payment_url = NULL, gateway_reference = a.gateway_request_id
         FROM payment_attempts a WHERE a.payment_transaction_id = p.id AND p.id = $1`,
        [first.data.transactionId],
      );
      await dataSource.query(
        `UPDATE payment_attempts SET status = 'PENDING', gateway_response = NULL, completed_at = NULL
        WHERE payment_transaction_id = $1`,
        [first.data.transactionId],
      );
      await abandonKey(key);

      const retried = await process(body, key);

      expect(retried).toMatchObject({
        success: false,
        error: {
          code: 'GATEWAY_TIMEOUT',
          details: { transactionId: first.data.transactionId, status: 'PROCESSING', paymentUrl: null },
        },
      });
      const attempts = await dataSource.query<{ status: string; gateway_request_id: string }[]>(
        `SELECT status, gateway_request_id FROM payment_attempts WHERE payment_transaction_id = $1`,
        [first.data.transactionId],
      );
      expect(attempts).toEqual([{ status: 'TIMED_OUT', gateway_request_id: expect.any(String) as string }]);
      expect(first.data.gatewayReference).toContain(attempts[0]?.gateway_request_id);
    },
  );

  it('refuses another request for the source, naming the live payment so the caller can look it up', async () => {
    const key = randomUUID();
    const body = order();
    const crashed = await commitPendingPayment(key, body);
    await abandonKey(key);

    const withoutKey = await process(body);
    const otherKey = await process(body, randomUUID());

    for (const reply of [withoutKey, otherKey]) {
      expect(reply).toEqual({
        success: false,
        error: {
          code: 'DUPLICATE_SOURCE_TRANSACTION',
          message: expect.any(String) as string,
          details: {
            sourceBoundedContext: 'orders',
            sourceTransactionId: body.sourceTransactionId,
            transactionId: crashed.id,
            status: 'PENDING',
          },
        },
      });
    }
    expect(await sandboxOrder(crashed.gatewayReference ?? '')).toBe(404);
  });
});
