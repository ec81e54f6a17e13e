import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import type { EventEnvelope } from '@ppm/contracts';
import type { PaymentTransaction } from '@ppm/domain';
import { PostgresGatewayConfigurationRepository } from '../gateway-configuration/postgres-gateway-configuration.repository';
import { OutboxWriter } from '../outbox/outbox-writer';
import {
  captured,
  cipherOf,
  eventContext,
  keyringEntry,
  minutesAfterT0,
  newGatewayConfiguration,
  newPayment,
  orderCreated,
  refundRequested,
  unwrap,
  vnd,
} from '../testing/persistence-test-builders';
import { PostgresPaymentTransactionRepository } from './postgres-payment-transaction.repository';

interface OutboxRow {
  id: string;
  tenant_id: string;
  aggregate_type: string;
  aggregate_version: number;
  event_type: string;
  trace_id: string;
  payload: EventEnvelope<Record<string, unknown>>;
}

describe('PostgresPaymentTransactionRepository on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let payments: PostgresPaymentTransactionRepository;
  let configurations: PostgresGatewayConfigurationRepository;

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 20 } }).initialize();
    const outbox = new OutboxWriter();
    payments = new PostgresPaymentTransactionRepository(dataSource, outbox);
    configurations = new PostgresGatewayConfigurationRepository(dataSource, outbox, cipherOf(keyringEntry('k1')));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** A tenant with a stored gateway configuration (payments reference one). */
  async function tenantWithGateway(): Promise<{ tenantId: string; gatewayId: string }> {
    const configuration = newGatewayConfiguration();
    unwrap(
      await configurations.add(configuration, { tmnCode: configuration.merchantId, hashSecret: 's' }, eventContext()),
    );
    return { tenantId: configuration.tenantId, gatewayId: configuration.id };
  }

  async function storedPayment(build: (p: PaymentTransaction) => void = () => undefined): Promise<PaymentTransaction> {
    const { tenantId, gatewayId } = await tenantWithGateway();
    const payment = newPayment(tenantId, gatewayId);
    build(payment);
    unwrap(await payments.add(payment, eventContext()));
    return (await payments.findById(tenantId, payment.id))!;
  }

  async function outboxOf(aggregateId: string): Promise<OutboxRow[]> {
    return dataSource.query<OutboxRow[]>(
      `SELECT id, tenant_id, aggregate_type, aggregate_version, event_type, trace_id, payload
         FROM outbox_events WHERE aggregate_id = $1 ORDER BY position`,
      [aggregateId],
    );
  }

  it('round-trips a payment with its attempts and refunds, amounts exact beyond 2^53', async () => {
    const { tenantId, gatewayId } = await tenantWithGateway();
    const payment = newPayment(tenantId, gatewayId, { amount: vnd(9_007_199_254_740_993n) });
    orderCreated(payment);
    captured(payment);
    const processed = refundRequested(payment, vnd(1_000_000_000_000_001n), { sourceRefundId: 'rf-1' });
    unwrap(
      payment.applyRefundResult({
        refundId: processed,
        outcome: 'succeeded',
        gatewayRefundId: 'grf-1',
        now: minutesAfterT0(4),
      }),
    );
    refundRequested(payment, vnd(3n), { now: minutesAfterT0(6) });
    const written = payment.toSnapshot();

    const added = unwrap(await payments.add(payment, eventContext()));

    const loaded = await payments.findById(tenantId, payment.id);
    expect(loaded?.toSnapshot()).toEqual({ ...written, version: 1 });
    // The write answers with what a reload gives, so a caller changes it further without reading it back.
    expect(added.toSnapshot()).toEqual(loaded?.toSnapshot());
    expect(loaded?.refundedAmount().minorUnits).toBe(1_000_000_000_000_001n);
    expect(loaded?.refundableAmount().minorUnits).toBe(9_007_199_254_740_993n - 1_000_000_000_000_001n - 3n);
    const [row] = await dataSource.query<{ amount: string; refunded_amount: string; version: number }[]>(
      `SELECT amount::text, refunded_amount::text, version FROM payment_transactions WHERE id = $1`,
      [payment.id],
    );
    expect(row).toEqual({ amount: '9007199254740993', refunded_amount: '1000000000000001', version: 1 });
  });

  it('writes exactly the events of an added payment, at aggregate version 1, keyed by routing key', async () => {
    const { tenantId, gatewayId } = await tenantWithGateway();
    const payment = newPayment(tenantId, gatewayId);
    orderCreated(payment);
    captured(payment, 'gtx-42');
    const context = eventContext();

    unwrap(await payments.add(payment, context));

    const events = await outboxOf(payment.id);
    expect(events.map((e) => [e.event_type, e.aggregate_version])).toEqual([
      ['ppm.payment.created.v1', 1],
      ['ppm.payment.succeeded.v1', 1],
    ]);
    expect(events[1]).toMatchObject({
      tenant_id: tenantId,
      aggregate_type: 'PaymentTransaction',
      trace_id: context.traceId,
    });
    expect(events[1]?.payload).toMatchObject({
      id: events[1]?.id,
      type: 'ppm.payment.succeeded.v1',
      version: 1,
      occurredAt: minutesAfterT0(2).toISOString(),
      tenantId,
      aggregateId: payment.id,
      aggregateVersion: 1,
      traceId: context.traceId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      data: { transactionId: payment.id, gatewayTransactionId: 'gtx-42', amount: '100000', currency: 'VND' },
    });
    expect(payment.pullEvents()).toEqual([]);
  });

  it('wakes a relay in its process directly instead of through NOTIFY, whose commit lock serialises writes', async () => {
    const { tenantId, gatewayId } = await tenantWithGateway();
    const listener = new Client({ connectionString: database.url });
    await listener.connect();
    const notifications: string[] = [];
    listener.on('notification', (n) => notifications.push(n.channel));
    await listener.query('LISTEN ppm_outbox');
    const outbox = new OutboxWriter();
    let wakes = 0;
    outbox.onCommitted(() => (wakes += 1));
    const woken = new PostgresPaymentTransactionRepository(dataSource, outbox);
    try {
      unwrap(await woken.add(newPayment(tenantId, gatewayId), eventContext()));
      expect(wakes).toBe(1);
      // A writer without an in-process relay still notifies. Notifications arrive in commit order: had the quiet
      // write notified, its notification would come first.
      unwrap(await payments.add(newPayment(tenantId, gatewayId), eventContext()));
      while (notifications.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await listener.query('SELECT 1'); // any notification still in flight is delivered before this reply
      expect(notifications).toEqual(['ppm_outbox']);
    } finally {
      await listener.end();
    }
  });

  it('refuses a second live payment for the same source and writes nothing; a cancelled one frees the source', async () => {
    const first = await storedPayment();
    const second = newPayment(first.tenantId, first.gatewayConfigurationId, { source: first.source });

    expect(await payments.add(second, eventContext())).toMatchObject({
      ok: false,
      error: { code: 'DUPLICATE_SOURCE_TRANSACTION' },
    });
    expect(await payments.findById(first.tenantId, second.id)).toBeNull();
    expect(await outboxOf(second.id)).toEqual([]);

    unwrap(first.cancel({ reason: 'customer changed their mind', now: minutesAfterT0(5) }));
    unwrap(await payments.save(first, eventContext()));
    // The refused payment's PaymentCreated was kept for its next write, so it is not lost.
    unwrap(await payments.add(second, eventContext()));
    expect((await outboxOf(second.id)).map((e) => e.event_type)).toEqual(['ppm.payment.created.v1']);
    expect(
      (await payments.findLiveBySource(first.tenantId, first.source.boundedContext, first.source.transactionId))?.id,
    ).toBe(second.id);
  });

  it('audits every change with its actor in the same statement, and a refused save audits nothing', async () => {
    const stored = await storedPayment();
    orderCreated(stored);
    captured(stored);
    unwrap(await payments.save(stored, { ...eventContext(), actor: { type: 'GATEWAY', id: 'VNPAY' } }));
    const reloaded = (await payments.findById(stored.tenantId, stored.id))!;
    const refundContext = { ...eventContext(), actor: { type: 'USER' as const, id: 'support-7' } };
    refundRequested(reloaded, vnd(40_000n));
    unwrap(await payments.save(reloaded, refundContext));
    refundRequested(reloaded, vnd(1n)); // a stale copy: refused, so not audited either
    expect(await payments.save(reloaded, eventContext())).toMatchObject({ ok: false });

    const audited = await dataSource.query<{ action: string; actor_type: string; actor_id: string | null }[]>(
      `SELECT action, actor_type, actor_id FROM audit_log WHERE resource_id = $1 ORDER BY created_at, action`,
      [stored.id],
    );
    expect(audited).toEqual([
      { action: 'ppm.payment.created.v1', actor_type: 'SYSTEM', actor_id: null },
      { action: 'ppm.payment.succeeded.v1', actor_type: 'GATEWAY', actor_id: 'VNPAY' },
      { action: 'ppm.refund.requested.v1', actor_type: 'USER', actor_id: 'support-7' },
    ]);
    const published = await dataSource.query<{ payload: EventEnvelope<{ action: string; actorId: string }> }[]>(
      `SELECT payload FROM outbox_events WHERE event_type = 'ppm.audit.recorded.v1' AND payload->'data'->>'resourceId' = $1
        ORDER BY position`,
      [stored.id],
    );
    expect(published.map((row) => row.payload.data.action)).toEqual(audited.map((row) => row.action));
    expect(published[2]?.payload).toMatchObject({ tenantId: stored.tenantId, traceId: refundContext.traceId });
  });

  it('saves state changes at the next version with their events, and refuses a second save of a stale copy', async () => {
    const stored = await storedPayment();
    orderCreated(stored);
    captured(stored);
    unwrap(await payments.save(stored, eventContext()));

    const reloaded = (await payments.findById(stored.tenantId, stored.id))!;
    expect(reloaded).toMatchObject({ status: 'SUCCEEDED', version: 2 });
    expect(reloaded.attempts).toHaveLength(1);
    const refundId = refundRequested(reloaded, vnd(40_000n));
    unwrap(await payments.save(reloaded, eventContext()));

    expect(
      (await outboxOf(stored.id)).map((e) => [e.event_type, e.aggregate_version, e.payload.aggregateVersion]),
    ).toEqual([
      ['ppm.payment.created.v1', 1, 1],
      ['ppm.payment.succeeded.v1', 2, 2],
      ['ppm.refund.requested.v1', 3, 3],
    ]);
    const latest = (await payments.findById(stored.tenantId, stored.id))!;
    expect(latest.version).toBe(3);
    expect(latest.findRefund(refundId)).toMatchObject({ status: 'REQUESTED', amount: vnd(40_000n) });
    expect(latest.refundableAmount()).toEqual(vnd(60_000n));

    // The saved object still carries the version it was loaded at: saving it again is refused, nothing written.
    refundRequested(reloaded, vnd(1n));
    expect(await payments.save(reloaded, eventContext())).toMatchObject({
      ok: false,
      error: { code: 'CONCURRENT_MODIFICATION' },
    });
    expect(await outboxOf(stored.id)).toHaveLength(3);
    expect((await payments.findById(stored.tenantId, stored.id))!.refunds).toHaveLength(1);
  });

  it('lets exactly one of several concurrent full refunds through; the others get CONCURRENT_MODIFICATION', async () => {
    const stored = await storedPayment((p) => {
      orderCreated(p);
      captured(p);
    });
    const copies = await Promise.all(Array.from({ length: 6 }, () => payments.findById(stored.tenantId, stored.id)));
    for (const copy of copies) refundRequested(copy!, copy!.amount);

    const results = await Promise.all(copies.map((copy) => payments.save(copy!, eventContext())));

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(
      Array(5).fill('CONCURRENT_MODIFICATION'),
    );
    const latest = (await payments.findById(stored.tenantId, stored.id))!;
    expect(latest.refunds).toHaveLength(1);
    expect(latest.refundableAmount()).toEqual(vnd(0n));
    expect((await outboxOf(stored.id)).filter((e) => e.event_type === 'ppm.refund.requested.v1')).toHaveLength(1);
  });

  it('updates refunds in place as they progress and keeps refunded_amount in step', async () => {
    const stored = await storedPayment((p) => {
      orderCreated(p);
      captured(p);
    });
    const refundId = refundRequested(stored, vnd(30_000n));
    unwrap(await payments.save(stored, eventContext()));
    const loaded = (await payments.findById(stored.tenantId, stored.id))!;
    unwrap(loaded.markRefundProcessing({ refundId, gatewayRefundId: null, now: minutesAfterT0(4) }));
    unwrap(
      loaded.applyRefundResult({ refundId, outcome: 'succeeded', gatewayRefundId: 'grf-9', now: minutesAfterT0(5) }),
    );
    unwrap(await payments.save(loaded, eventContext()));

    const latest = (await payments.findById(stored.tenantId, stored.id))!;
    expect(latest.status).toBe('PARTIALLY_REFUNDED');
    expect(latest.findRefund(refundId)).toMatchObject({
      status: 'SUCCEEDED',
      gatewayRefundId: 'grf-9',
      refundDate: minutesAfterT0(5),
    });
    const rows = await dataSource.query<{ refunded_amount: string; refund_version: number }[]>(
      `SELECT p.refunded_amount::text, r.version AS refund_version
         FROM payment_transactions p JOIN refunds r ON r.payment_transaction_id = p.id WHERE p.id = $1`,
      [stored.id],
    );
    expect(rows).toEqual([{ refunded_amount: '30000', refund_version: 2 }]);
  });

  it('writes only the attempts and refunds a save changed; the others keep their rows untouched', async () => {
    const stored = await storedPayment((p) => {
      orderCreated(p);
      captured(p);
    });
    const first = refundRequested(stored, vnd(30_000n));
    const second = refundRequested(stored, vnd(20_000n), { now: minutesAfterT0(6) });
    const withRefunds = unwrap(await payments.save(stored, eventContext()));
    // xmin is the transaction that last wrote a row: an upsert that changes nothing still writes a new one.
    const rowVersions = () =>
      dataSource.query<{ id: string; xmin: string }[]>(
        `SELECT id, xmin::text FROM refunds WHERE payment_transaction_id = $1
         UNION ALL SELECT id, xmin::text FROM payment_attempts WHERE payment_transaction_id = $1`,
        [stored.id],
      );
    const before = new Map((await rowVersions()).map((row) => [row.id, row.xmin]));

    unwrap(withRefunds.markRefundProcessing({ refundId: second, gatewayRefundId: null, now: minutesAfterT0(7) }));
    unwrap(await payments.save(withRefunds, eventContext()));

    const after = new Map((await rowVersions()).map((row) => [row.id, row.xmin]));
    const attempt = stored.attempts[0].id;
    expect([after.get(first), after.get(attempt)]).toEqual([before.get(first), before.get(attempt)]);
    expect(after.get(second)).not.toBe(before.get(second));
    const latest = (await payments.findById(stored.tenantId, stored.id))!;
    expect(latest.findRefund(second)?.status).toBe('PROCESSING');
    expect(latest.findRefund(first)?.status).toBe('REQUESTED');
  });

  it("rolls the whole save back when a refund collides with another payment's gateway request id", async () => {
    const build = (p: PaymentTransaction): void => {
      orderCreated(p);
      captured(p);
    };
    const [first, second] = [await storedPayment(build), await storedPayment(build)];
    const collidingRequest = (p: PaymentTransaction): void =>
      void unwrap(
        p.requestRefund({
          refundId: randomUUID(),
          amount: vnd(10n),
          reason: 'duplicate',
          gatewayRequestId: `shared-${first.id}`,
          now: minutesAfterT0(3),
        }),
      );
    collidingRequest(first);
    collidingRequest(second);
    unwrap(await payments.save(first, eventContext()));

    expect(await payments.save(second, eventContext())).toMatchObject({
      ok: false,
      error: { code: 'CONCURRENT_MODIFICATION' },
    });
    const latest = (await payments.findById(second.tenantId, second.id))!;
    expect(latest).toMatchObject({ version: 1, refunds: [] });
    expect((await outboxOf(second.id)).map((e) => e.event_type)).not.toContain('ppm.refund.requested.v1');
  });

  it('finds a payment only within its tenant, by id, gateway reference and live source', async () => {
    const stored = await storedPayment(orderCreated);
    const otherTenant = randomUUID();
    const { boundedContext, transactionId } = stored.source;

    expect((await payments.findById(stored.tenantId, stored.id))?.id).toBe(stored.id);
    expect(await payments.findById(otherTenant, stored.id)).toBeNull();
    expect(await payments.findById(stored.tenantId, 'not-a-uuid')).toBeNull();
    expect(await payments.findById('not-a-uuid', stored.id)).toBeNull();

    expect((await payments.findByGatewayReference(stored.tenantId, 'VNPAY', stored.gatewayReference!))?.id).toBe(
      stored.id,
    );
    expect(await payments.findByGatewayReference(otherTenant, 'VNPAY', stored.gatewayReference!)).toBeNull();
    expect(await payments.findByGatewayReference(stored.tenantId, 'MOMO', stored.gatewayReference!)).toBeNull();

    expect((await payments.findLiveBySource(stored.tenantId, boundedContext, transactionId))?.id).toBe(stored.id);
    expect(await payments.findLiveBySource(otherTenant, boundedContext, transactionId)).toBeNull();
    unwrap(stored.expire({ now: minutesAfterT0(20) }));
    unwrap(await payments.save(stored, eventContext()));
    expect(await payments.findLiveBySource(stored.tenantId, boundedContext, transactionId)).toBeNull();
  });
});
