import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { WebhookEventStore, type ReceivedWebhook } from '../webhooks/webhook-event-store';
import { WebhookRetention } from './webhook-retention';
import { WebhookRetryQueue } from './webhook-retry-queue';

describe('WebhookRetryQueue and WebhookRetention on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let store: WebhookEventStore;
  let queue: WebhookRetryQueue;
  let retention: WebhookRetention;

  const received = (overrides: Partial<ReceivedWebhook> = {}): ReceivedWebhook => ({
    gatewayType: 'ZALOPAY',
    tenantId: randomUUID(),
    gatewayConfigurationId: null,
    dedupKey: randomUUID(),
    method: 'POST',
    rawQuery: null,
    rawBody: '{"data":"{}","mac":"ab","type":1}',
    headers: { 'content-type': 'application/json' },
    sourceIp: '127.0.0.1',
    verification: 'VERIFIED',
    ...overrides,
  });
  const rowOf = async (id: string) =>
    (
      await dataSource.query<
        { processing_status: string; attempts: number; next_attempt_at: Date | null; last_error: string | null }[]
      >(`SELECT processing_status, attempts, next_attempt_at, last_error FROM webhook_events WHERE id = $1`, [id])
    )[0];
  const backdate = (id: string, column: 'next_attempt_at' | 'received_at', interval: string) =>
    dataSource.query(`UPDATE webhook_events SET ${column} = now() - $2::interval WHERE id = $1`, [id, interval]);

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 10 } }).initialize();
    store = new WebhookEventStore(dataSource);
    queue = new WebhookRetryQueue(dataSource);
    retention = new WebhookRetention(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => dataSource.query(`TRUNCATE webhook_events`));

  it('hands out the verified webhooks whose retry time has come, with their raw request, and nothing else', async () => {
    const due = await store.record(received({ method: 'GET', rawQuery: 'vnp_TxnRef=1&vnp_Amount=100', rawBody: null }));
    await store.markForRetry(due, 'SERVICE_UNAVAILABLE: down', 10);
    const later = await store.record(received());
    await store.markForRetry(later, 'SERVICE_TIMEOUT: slow', 3_600_000);
    const applied = await store.record(received());
    await store.markProcessed(applied, 'APPLIED', 'SUCCEEDED (APPLIED)', 'APPLIED');
    await store.record(received({ verification: 'BAD_SIGNATURE' }));
    const inProgress = await store.record(received()); // just stored: its request is applying it right now
    await new Promise((resolve) => setTimeout(resolve, 30));

    const claimed = await queue.claimDue(10, 60_000);
    expect(claimed).toEqual([
      expect.objectContaining({
        id: due,
        gatewayType: 'ZALOPAY',
        method: 'GET',
        rawQuery: 'vnp_TxnRef=1&vnp_Amount=100',
        rawBody: null,
        headers: { 'content-type': 'application/json' },
        attempts: 1,
      }),
    ]);
    expect((await rowOf(inProgress))?.processing_status).toBe('PENDING');
  });

  it('picks up a webhook stranded PENDING without a retry time (its instance stopped before applying it)', async () => {
    const stranded = await store.record(received());
    await backdate(stranded, 'received_at', '5 minutes');
    expect((await queue.claimDue(10, 60_000)).map((w) => w.id)).toEqual([stranded]);
  });

  it('never hands the same webhook to two claims, until the claim lapses', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => store.record(received())));
    for (const id of ids) await store.markForRetry(id, 'SERVICE_UNAVAILABLE', 0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const claims = await Promise.all([queue.claimDue(5, 200), queue.claimDue(5, 200), queue.claimDue(5, 200)]);
    const claimed = claims.flat().map((w) => w.id);
    expect(claimed.sort()).toEqual([...ids].sort());
    expect(await queue.claimDue(10, 200)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await queue.claimDue(10, 200)).toHaveLength(8);
  });

  it('gives a webhook up as FAILED, counting the try, and then leaves it alone', async () => {
    const id = await store.record(received());
    await store.markForRetry(id, 'SERVICE_UNAVAILABLE', 0);
    await queue.giveUp(id, 'SERVICE_UNAVAILABLE: still down');
    expect(await rowOf(id)).toMatchObject({
      processing_status: 'FAILED',
      attempts: 2,
      next_attempt_at: null,
      last_error: 'SERVICE_UNAVAILABLE: still down',
    });
    expect(await queue.claimDue(10, 60_000)).toEqual([]);
  });

  it('deletes settled webhooks past the retention, in batches, and keeps pending, failed and recent ones', async () => {
    const settled = await Promise.all(
      (['APPLIED', 'DUPLICATE', 'REJECTED'] as const).map(async (processing) => {
        const id = await store.record(received());
        await store.markProcessed(id, processing, 'x', 'x');
        return id;
      }),
    );
    const pending = await store.record(received());
    const failed = await store.record(received());
    await queue.giveUp(failed, 'down');
    for (const id of [...settled, pending, failed]) await backdate(id, 'received_at', '91 days');
    const recent = await store.record(received());
    await store.markProcessed(recent, 'APPLIED', 'x', 'x');

    expect(await retention.deleteSettledBefore(90, 2)).toBe(2);
    expect(await retention.deleteSettledBefore(90, 2)).toBe(1);
    expect(await retention.deleteSettledBefore(90, 2)).toBe(0);
    for (const id of settled) expect(await rowOf(id)).toBeUndefined();
    for (const id of [pending, failed, recent]) expect(await rowOf(id)).toBeDefined();
  });
});
