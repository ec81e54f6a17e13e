import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import {
  Subjects,
  type GatewayConfigReply,
  type ProcessPaymentReply,
  type ProcessRefundReply,
  type Reply,
  type SyncPaymentStatusReply,
} from '@ppm/contracts';
import { GatewayUrlAllowlist, gmt7BusinessDay, OFFICIAL_GATEWAY_BASE_URLS, type GatewayType } from '@ppm/gateways';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import {
  canonicalCsvHeader,
  canonicalCsvLine,
  DEFAULT_SOURCE_TEMPLATE,
  dailySettlementSource,
  ReconciliationRunner,
  settlementFileAt,
} from '@ppm/reconciliation';
import { eventually, TestStack, type TestRequester } from '@ppm/testing';

const token = (length: number): string => randomBytes(length).toString('hex').slice(0, length).toUpperCase();

// VietQR's bank statement has no captures by status sync nor gateway refunds: e2e/src/vietqr reconciles it.
type Layout = Exclude<GatewayType, 'VIETQR'>;

const MERCHANTS: Record<Layout, { credentials: Record<string, string>; method: string }> = {
  VNPAY: { credentials: { tmnCode: `T${token(7)}`, hashSecret: token(32) }, method: 'ATM_CARD' },
  MOMO: {
    credentials: { partnerCode: `MOMO${token(8)}`, accessKey: token(16), secretKey: token(32) },
    method: 'E_WALLET',
  },
  ZALOPAY: {
    credentials: { appId: String(10_000 + (randomBytes(2).readUInt16BE() % 50_000)), key1: token(32), key2: token(32) },
    method: 'E_WALLET',
  },
};

/**
 * Each gateway's own settlement layout, as the sandbox exports it, reconciles all matched against what PPM
 * recorded through the command service: payments captured by status sync (with the gateway's transaction ids),
 * and a partial refund matched by the gateway's refund id.
 */
describe.each(Object.keys(MERCHANTS) as Layout[])('%s settlement file from the daily export', (gatewayType) => {
  const tenantId = randomUUID();
  const { credentials, method } = MERCHANTS[gatewayType];
  let stack: TestStack;
  let nats: TestRequester;
  let db: DataSource;
  let configurationId: string;

  const send = async <T>(subject: string, data: unknown): Promise<T> => {
    const reply: Reply<T> = await nats.request<T>(subject, data, { tenantId, idempotencyKey: randomUUID() });
    if (!reply.success) throw new Error(`${subject}: ${JSON.stringify(reply.error)}`);
    return reply.data;
  };

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'reconciliation-layouts',
      migrate: migrateDatabase,
      sandbox: { SANDBOX_ZALOPAY_REFUND_DELAY_MS: '50' },
      apps: { command: {} },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 15_000 },
    });
    await stack.sandbox.registerMerchant(gatewayType, credentials);
    nats = stack.requester;
    db = stack.sql;
  }, 60_000);

  afterAll(() => stack?.stop());

  it('matches every payment and refund of the day', async () => {
    ({ id: configurationId } = await send<GatewayConfigReply>(Subjects.command.gatewayConfigAdd, {
      gatewayType,
      name: `${gatewayType} main`,
      credentials,
      supportedPaymentMethods: [method],
      isDefault: true,
    }));
    const paid: string[] = [];
    for (const amount of [150_000, 75_000, 42_000]) {
      const payment = await send<ProcessPaymentReply>(Subjects.command.paymentProcess, {
        sourceBoundedContext: 'orders',
        sourceTransactionId: randomUUID(),
        amount,
        currency: 'VND',
        paymentMethodType: method,
        description: 'Reconciliation layout order',
        returnUrl: 'https://shop.example/return',
      });
      // A VNPay order exists at the gateway once the customer's browser opens the payment URL.
      if (gatewayType === 'VNPAY') expect((await fetch(payment.paymentUrl ?? '')).status).toBe(200);
      await stack.sandbox.complete(gatewayType, payment.gatewayReference ?? '', 'succeeded');
      const synced = await send<SyncPaymentStatusReply>(Subjects.command.paymentSyncStatus, {
        transactionId: payment.transactionId,
      });
      expect(synced).toMatchObject({ status: 'SUCCEEDED' });
      paid.push(payment.transactionId);
    }
    const refund = await send<ProcessRefundReply>(Subjects.command.refundProcess, {
      transactionId: paid[0],
      amount: 50_000,
      reason: 'returned',
    });
    // ZaloPay refunds asynchronously: the status sync settles it.
    await eventually(
      async () => {
        if (refund.status === 'SUCCEEDED') return true;
        await send(Subjects.command.paymentSyncStatus, { transactionId: paid[0] });
        const [row] = await db.query<{ status: string }[]>(`SELECT status FROM refunds WHERE id = $1`, [
          refund.refundId,
        ]);
        return row?.status === 'SUCCEEDED';
      },
      Boolean,
      { what: 'the refund synced to SUCCEEDED', timeoutMs: 10_000, intervalMs: 100 },
    );

    const businessDate = gmt7BusinessDay(new Date());
    const source = await dailySettlementSource(db, configurationId, businessDate, {
      template: DEFAULT_SOURCE_TEMPLATE,
      defaultBaseUrl: stack.sandboxUrl,
      urls: new GatewayUrlAllowlist({
        production: false,
        allowedBaseUrls: OFFICIAL_GATEWAY_BASE_URLS,
        localSandboxUrl: stack.sandboxUrl,
      }),
    });
    const result = await new ReconciliationRunner(db, null).run({ configurationId, businessDate, source });

    expect(result).toMatchObject({
      status: 'COMPLETED',
      totalLines: 4,
      rejectedLines: 0,
      outcomes: { MATCHED: 4 },
      settlementTotal: 150_000 + 75_000 + 42_000 - 50_000,
      ppmTotal: 150_000 + 75_000 + 42_000 - 50_000,
    });
    // The sandbox charges 1.1 % (rounded down) on payments and nothing on refunds.
    expect(result.feeTotal).toBe(1_650 + 825 + 462);
    expect(result.netTotal).toBe(result.settlementTotal - result.feeTotal);
  });

  it('compares currencies too: a line naming another currency than the payment’s is an AMOUNT_MISMATCH', async () => {
    const payments = await db.query<{ reference: string; transactionId: string; amount: number; at: Date }[]>(
      `SELECT gateway_reference AS reference, gateway_transaction_id AS "transactionId", amount::int AS amount,
              completed_at AS at
         FROM payment_transactions WHERE payment_gateway_id = $1 ORDER BY amount DESC`,
      [configurationId],
    );
    expect(payments).toHaveLength(3);
    // The same amounts as PPM's payments, the first named in dollars, the others in dong or in no currency.
    const lines = payments.map(({ reference, transactionId, amount, at }, i) =>
      canonicalCsvLine({
        kind: 'PAYMENT',
        reference,
        gatewayTransactionId: transactionId,
        amount,
        fee: 0,
        netAmount: amount,
        currency: ['USD', 'VND', null][i] ?? null,
        settled: true,
        status: 'SUCCEEDED',
        settledAt: at,
      }),
    );
    const dir = await mkdtemp(join(tmpdir(), 'ppm-currency-'));
    const file = join(dir, 'canonical.csv');
    await writeFile(file, canonicalCsvHeader() + lines.join(''));
    try {
      const businessDate = gmt7BusinessDay(new Date());
      const result = await new ReconciliationRunner(db, null).run({
        configurationId,
        businessDate,
        source: settlementFileAt(file),
      });
      const items = await db.query<{ outcome: string; gateway_reference: string }[]>(
        `SELECT outcome, gateway_reference FROM reconciliation_items WHERE run_id = $1 AND line_type = 'PAYMENT'
          ORDER BY line_number`,
        [result.runId],
      );
      expect(items).toEqual([
        { outcome: 'AMOUNT_MISMATCH', gateway_reference: payments[0]?.reference },
        { outcome: 'MATCHED', gateway_reference: payments[1]?.reference },
        { outcome: 'MATCHED', gateway_reference: payments[2]?.reference },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
