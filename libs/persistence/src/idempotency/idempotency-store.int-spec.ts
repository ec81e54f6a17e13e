import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { IdempotencyStore } from './idempotency-store';
import { requestFingerprint } from './request-fingerprint';

describe('IdempotencyStore on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let store: IdempotencyStore;
  const key = () => ({ tenantId: randomUUID(), scope: 'ppm.command.refund.process', key: randomUUID() });
  const body = { transactionId: 't-1', amount: 50_000, reason: 'returned' };

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 20 } }).initialize();
    store = new IdempotencyStore(dataSource, { ttlMs: 24 * 3_600_000, lockMs: 30_000 });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('replays the first reply for the same body, whatever the key order, and refuses another body', async () => {
    const id = key();
    expect(await store.claim(id, requestFingerprint(body))).toEqual({ kind: 'claimed' });
    await store.complete(id, { success: true, data: { refundId: 'r-1' } });
    const reordered = { reason: 'returned', amount: 50_000, transactionId: 't-1' };
    expect(await store.claim(id, requestFingerprint(reordered))).toEqual({
      kind: 'replay',
      reply: { success: true, data: { refundId: 'r-1' } },
    });
    expect(await store.claim(id, requestFingerprint({ ...body, amount: 60_000 }))).toEqual({ kind: 'reused' });
  });

  it('lets exactly one of many concurrent duplicates run; the others learn it is in progress', async () => {
    const id = key();
    const claims = await Promise.all(Array.from({ length: 12 }, () => store.claim(id, requestFingerprint(body))));
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'in_progress')).toHaveLength(11);
  });

  it('keeps the same key apart per tenant and per command', async () => {
    const id = key();
    expect((await store.claim(id, requestFingerprint(body))).kind).toBe('claimed');
    expect((await store.claim({ ...id, tenantId: randomUUID() }, requestFingerprint(body))).kind).toBe('claimed');
    expect((await store.claim({ ...id, scope: 'ppm.command.payment.cancel' }, requestFingerprint(body))).kind).toBe(
      'claimed',
    );
  });

  it('lets a retry take over a claim whose holder died, and runs a forgotten key again', async () => {
    const shortLived = new IdempotencyStore(dataSource, { ttlMs: 24 * 3_600_000, lockMs: 1 });
    const id = key();
    expect((await shortLived.claim(id, requestFingerprint(body))).kind).toBe('claimed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await shortLived.claim(id, requestFingerprint(body))).kind).toBe('claimed');

    await store.forget(id);
    expect((await store.claim(id, requestFingerprint(body))).kind).toBe('claimed');
  });

  it('hands a retry the payment an interrupted run created, and keeps that key when the run threw', async () => {
    const shortLived = new IdempotencyStore(dataSource, { ttlMs: 24 * 3_600_000, lockMs: 1 });
    const paymentTransactionId = randomUUID();
    const [named, nameless] = [key(), key()];
    for (const id of [named, nameless]) expect((await store.claim(id, requestFingerprint(body))).kind).toBe('claimed');
    await dataSource.query(
      `UPDATE idempotency_keys SET payment_transaction_id = $4 WHERE tenant_id = $1 AND scope = $2 AND key = $3`,
      [named.tenantId, named.scope, named.key, paymentTransactionId],
    );

    await store.release(named);
    await store.release(nameless);

    expect(await shortLived.claim(named, requestFingerprint(body))).toEqual({ kind: 'claimed', paymentTransactionId });
    expect(await shortLived.claim(nameless, requestFingerprint(body))).toEqual({ kind: 'claimed' });
  });
});
