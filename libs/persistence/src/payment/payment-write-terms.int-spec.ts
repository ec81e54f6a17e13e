import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { PaymentTransaction, Result, RiskDecisionRecord } from '@ppm/domain';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { PostgresGatewayConfigurationRepository } from '../gateway-configuration/postgres-gateway-configuration.repository';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { OutboxWriter } from '../outbox/outbox-writer';
import {
  cipherOf,
  eventContext,
  keyringEntry,
  newGatewayConfiguration,
  newPayment,
  orderCreated,
  T0,
  unwrap,
} from '../testing/persistence-test-builders';
import { PostgresPaymentTransactionRepository } from './postgres-payment-transaction.repository';

const SCOPE = 'ppm.command.payment.process';

// The terms a new payment's insert checks itself (its configuration's version, its request's key) and the key a
// save completes: each written with the payment in one statement, or nothing written at all.
describe('payment writes that carry their terms and their request key', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let payments: PostgresPaymentTransactionRepository;
  let configurations: PostgresGatewayConfigurationRepository;
  let keys: IdempotencyStore;

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 5 } }).initialize();
    const outbox = new OutboxWriter();
    keys = new IdempotencyStore(dataSource, { ttlMs: 3_600_000, lockMs: 60_000 });
    payments = new PostgresPaymentTransactionRepository(dataSource, outbox, keys);
    configurations = new PostgresGatewayConfigurationRepository(dataSource, outbox, cipherOf(keyringEntry('k1')));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function tenantWithGateway(): Promise<{ tenantId: string; gatewayId: string }> {
    const configuration = newGatewayConfiguration();
    unwrap(
      await configurations.add(configuration, { tmnCode: configuration.merchantId, hashSecret: 's' }, eventContext()),
    );
    return { tenantId: configuration.tenantId, gatewayId: configuration.id };
  }

  const added = (result: Result<PaymentTransaction, { code: string }>): PaymentTransaction => {
    if (!result.ok) throw new Error(`Expected the payment stored, got ${result.error.code}`);
    return result.value;
  };
  const rowsOf = async (paymentId: string): Promise<{ payments: number; events: number }> => {
    const [row] = await dataSource.query<{ payments: number; events: number }[]>(
      `SELECT (SELECT count(*)::int FROM payment_transactions WHERE id = $1) AS payments,
              (SELECT count(*)::int FROM outbox_events WHERE aggregate_id = $1) AS events`,
      [paymentId],
    );
    return row ?? { payments: 0, events: 0 };
  };
  const keyRow = async (tenantId: string, key: string) =>
    (
      await dataSource.query<{ status: string; payment_transaction_id: string | null; response: unknown }[]>(
        `SELECT status, payment_transaction_id, response FROM idempotency_keys
          WHERE tenant_id = $1 AND scope = $2 AND key = $3`,
        [tenantId, SCOPE, key],
      )
    )[0];

  it('claims a free key naming the payment; a second request under that key writes nothing', async () => {
    const { tenantId, gatewayId } = await tenantWithGateway();
    const key = randomUUID();
    const first = newPayment(tenantId, gatewayId);
    const second = newPayment(tenantId, gatewayId);
    const terms = { configurationVersion: 1, key: { scope: SCOPE, key, claimFor: 'fingerprint' } };

    added(await payments.addIfCurrent(first, eventContext(), terms));
    const refused = await payments.addIfCurrent(second, eventContext(), terms);

    expect(refused).toEqual({ ok: false, error: { code: 'KEY_TAKEN' } });
    expect(await keyRow(tenantId, key)).toMatchObject({ status: 'IN_PROGRESS', payment_transaction_id: first.id });
    expect(await keys.claim({ tenantId, scope: SCOPE, key }, 'fingerprint')).toEqual({ kind: 'in_progress' });
    expect(await rowsOf(first.id)).toEqual({ payments: 1, events: 1 });
    expect(await rowsOf(second.id)).toEqual({ payments: 0, events: 0 });
  });

  it('writes nothing, and claims no key, on a configuration changed or switched off since it was read', async () => {
    const { tenantId, gatewayId } = await tenantWithGateway();
    const stored = (await configurations.findById(tenantId, gatewayId))!;
    unwrap(stored.configuration.update({ isActive: false, credentialsChanged: false, now: T0 }));
    unwrap(await configurations.save(stored.configuration, null, eventContext()));
    const key = randomUUID();
    const payment = newPayment(tenantId, gatewayId);

    const onOldVersion = await payments.addIfCurrent(payment, eventContext(), {
      configurationVersion: 1,
      key: { scope: SCOPE, key, claimFor: 'fingerprint' },
    });
    const onInactive = await payments.addIfCurrent(payment, eventContext(), { configurationVersion: 2 });

    for (const refused of [onOldVersion, onInactive]) {
      expect(refused).toEqual({ ok: false, error: { code: 'CONFIGURATION_CHANGED' } });
    }
    expect(await rowsOf(payment.id)).toEqual({ payments: 0, events: 0 });
    expect(await keyRow(tenantId, key)).toBeUndefined();
  });

  it('writes nothing, and claims no key, on risk rules replaced since; else the payment with its decision', async () => {
    const { tenantId, gatewayId } = await tenantWithGateway();
    await dataSource.query(
      `INSERT INTO risk_rule_sets (tenant_id, version, rules, when_counters_unavailable, created_at)
       VALUES ($1, 1, '[]', 'ALLOW', now())`,
      [tenantId],
    );
    const key = randomUUID();
    const payment = newPayment(tenantId, gatewayId);
    const claim = { scope: SCOPE, key, claimFor: 'fingerprint' };
    const decision = (ruleSetVersion: number): RiskDecisionRecord => ({
      id: randomUUID(),
      tenantId,
      paymentId: payment.id,
      source: { boundedContext: 'orders', transactionId: randomUUID() },
      decision: { action: 'REVIEW', rulesHit: [{ index: 0, type: 'AMOUNT_LIMIT', action: 'REVIEW' }], ruleSetVersion },
      countersUnavailable: false,
      amount: { minorUnits: 150_000n, currency: 'VND' },
      customerRef: null,
      clientIp: '203.0.113.9',
      decidedAt: T0,
    });

    const onNoRules = await payments.addIfCurrent(payment, eventContext(), {
      configurationVersion: 1,
      riskRuleSetVersion: 0,
      riskDecision: decision(0),
      key: claim,
    });
    expect(onNoRules).toEqual({ ok: false, error: { code: 'RISK_RULES_CHANGED' } });
    expect(await rowsOf(payment.id)).toEqual({ payments: 0, events: 0 });
    expect(await keyRow(tenantId, key)).toBeUndefined();

    const kept = decision(1);
    added(
      await payments.addIfCurrent(payment, eventContext(), {
        configurationVersion: 1,
        riskRuleSetVersion: 1,
        riskDecision: kept,
        key: claim,
      }),
    );
    await expect(
      dataSource.query(`SELECT id, rule_set_version, host(client_ip) AS ip FROM risk_decisions WHERE tenant_id = $1`, [
        tenantId,
      ]),
    ).resolves.toEqual([{ id: kept.id, rule_set_version: 1, ip: '203.0.113.9' }]);
  });

  it("stores the request's reply with the change it reports, and no reply with a refused change", async () => {
    const { tenantId, gatewayId } = await tenantWithGateway();
    const key = randomUUID();
    const payment = newPayment(tenantId, gatewayId);
    const terms = { configurationVersion: 1, key: { scope: SCOPE, key, claimFor: 'fingerprint' } };
    const stored = added(await payments.addIfCurrent(payment, eventContext(), terms));
    const stale = (await payments.findById(tenantId, payment.id))!;
    orderCreated(stored);
    const reply = { success: true, data: { transactionId: payment.id, status: stored.status } };

    unwrap(await payments.save(stored, eventContext(), { scope: SCOPE, key, reply }));
    orderCreated(stale);
    const refused = await payments.save(stale, eventContext(), { scope: SCOPE, key, reply: { other: true } });

    expect(refused).toMatchObject({ ok: false, error: { code: 'CONCURRENT_MODIFICATION' } });
    expect(await keyRow(tenantId, key)).toEqual({
      status: 'COMPLETED',
      payment_transaction_id: payment.id,
      response: reply,
    });
    expect(await keys.claim({ tenantId, scope: SCOPE, key }, 'fingerprint')).toEqual({ kind: 'replay', reply });
  });

  it('claims a free key with a change of a stored payment; nothing written when the key is taken or the copy stale', async () => {
    const { tenantId, gatewayId } = await tenantWithGateway();
    const payment = newPayment(tenantId, gatewayId);
    unwrap(await payments.add(payment, eventContext()));
    const key = { scope: 'ppm.command.refund.process', key: randomUUID(), fingerprint: 'fingerprint' };
    const first = (await payments.findById(tenantId, payment.id))!;
    const other = (await payments.findById(tenantId, payment.id))!;

    orderCreated(first);
    added(await payments.saveClaiming(first, eventContext(), key));
    orderCreated(other);
    const onStaleCopy = await payments.saveClaiming(other, eventContext(), { ...key, key: randomUUID() });
    const current = (await payments.findById(tenantId, payment.id))!;
    const onTakenKey = await payments.saveClaiming(current, eventContext(), key);

    expect(onStaleCopy).toMatchObject({ ok: false, error: { code: 'CONCURRENT_MODIFICATION' } });
    expect(onTakenKey).toEqual({ ok: false, error: { code: 'KEY_TAKEN' } });
    expect((await payments.findById(tenantId, payment.id))!.version).toBe(2);
    const claimed = await dataSource.query<{ key: string; payment_transaction_id: string | null }[]>(
      `SELECT key, payment_transaction_id FROM idempotency_keys WHERE tenant_id = $1 AND scope = $2`,
      [tenantId, key.scope],
    );
    expect(claimed).toEqual([{ key: key.key, payment_transaction_id: null }]);
  });
});
