import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type GatewayConfigReply, type ProcessPaymentReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { startForTest, TestStack, type RunningService, type TestRequester } from '@ppm/testing';
import { CommandConfig } from '../../command.config';
import { startCommand } from '../../start-command';

// payment.process decides on a configuration it keeps in memory. A configuration switched off must refuse the very
// next payment, whether this command service made the change (it forgets its copy at once) or another instance did
// (the payment's insert finds the stored version moved on, stores nothing and decides again on the stored one).
describe('payment.process on a gateway configuration switched off after it was cached', () => {
  const tenantId = randomUUID();
  const merchant = { partnerCode: `MOMO${randomUUID().slice(0, 8)}`, accessKey: randomUUID(), secretKey: randomUUID() };
  let stack: TestStack;
  let dataSource: DataSource;
  let command: RunningService;
  let nats: TestRequester;
  let configurationId: string;

  const order = () => ({
    sourceBoundedContext: 'orders',
    sourceTransactionId: randomUUID(),
    amount: 150_000,
    currency: 'VND',
    paymentMethodType: 'E_WALLET',
    description: 'Thanh toan don hang',
    returnUrl: 'https://shop.example/orders/return',
    gatewayConfigurationId: configurationId,
  });
  const process = (body: ReturnType<typeof order>, idempotencyKey = randomUUID()) =>
    nats.request<ProcessPaymentReply>(Subjects.command.paymentProcess, body, { tenantId, idempotencyKey });
  const setActive = async (isActive: boolean): Promise<void> => {
    const updated = await nats.request<GatewayConfigReply>(
      Subjects.command.gatewayConfigUpdate,
      { id: configurationId, isActive },
      { tenantId },
    );
    expect(updated).toMatchObject({ success: true, data: { isActive } });
  };
  const paymentsOf = async (sourceTransactionId: string): Promise<number> => {
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM payment_transactions WHERE tenant_id = $1 AND source_transaction_id = $2`,
      [tenantId, sourceTransactionId],
    );
    return row?.n ?? -1;
  };
  const refusedAsInactive = { success: false, error: { code: 'GATEWAY_INACTIVE' } };

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'process-configuration-test',
      migrate: migrateDatabase,
      sandbox: {},
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 10_000 },
    });
    dataSource = stack.sql;
    nats = stack.requester;
    await stack.sandbox.registerMerchant('MOMO', merchant);
    command = await startForTest(CommandConfig, startCommand, {
      DATABASE_URL: stack.databaseUrl,
      GATEWAY_DEFAULT_BASE_URL: stack.sandboxUrl,
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
  });

  afterAll(async () => {
    await command?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    await setActive(true);
    // Decided on, and so cached, before each change.
    expect(await process(order())).toMatchObject({ success: true, data: { status: 'PROCESSING' } });
  });

  it('refuses the next payment once this service switched the configuration off', async () => {
    await setActive(false);
    const body = order();

    expect(await process(body)).toMatchObject(refusedAsInactive);
    expect(await paymentsOf(body.sourceTransactionId)).toBe(0);
  });

  it('refuses the next payment once another instance switched it off, and replays that refusal', async () => {
    // As another command instance's save writes it: this service hears of it only from the database.
    await dataSource.query(
      `UPDATE payment_gateway_configurations SET is_active = false, version = version + 1 WHERE id = $1`,
      [configurationId],
    );
    const body = order();
    const key = randomUUID();

    const refused = await process(body, key);

    expect(refused).toMatchObject(refusedAsInactive);
    expect(await paymentsOf(body.sourceTransactionId)).toBe(0);
    await setActive(true);
    expect(await process(body, key)).toEqual(refused);
  });

  it('counts a payment decided again on a configuration another instance changed once in the risk windows', async () => {
    const velocity = { type: 'VELOCITY', key: 'customerRef', limit: 2, windowSeconds: 600, action: 'BLOCK' };
    const rules = await nats.request(Subjects.command.riskRulesUpdate, { rules: [velocity] }, { tenantId });
    expect(rules).toMatchObject({ success: true });
    await dataSource.query(`UPDATE payment_gateway_configurations SET version = version + 1 WHERE id = $1`, [
      configurationId,
    ]);
    const customerRef = `velocity-${randomUUID()}`;
    // Without an idempotency key, the payment itself is what the window counts.
    const pay = () =>
      nats.request<ProcessPaymentReply>(Subjects.command.paymentProcess, { ...order(), customerRef }, { tenantId });

    expect(await pay()).toMatchObject({ success: true, data: { status: 'PROCESSING' } });
    // The second payment of this customer: within the limit of two, as the first counted once.
    expect(await pay()).toMatchObject({ success: true, data: { status: 'PROCESSING' } });
  });
});
