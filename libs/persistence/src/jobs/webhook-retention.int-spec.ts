import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { WebhookRetention } from './webhook-retention';

describe('WebhookRetention on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let retention: WebhookRetention;

  const insertWebhook = (key: string, verification: string, status: string, ageDays: number) =>
    dataSource.query(
      `INSERT INTO webhook_events (gateway_type, dedup_key, http_method, verification, processing_status, received_at)
       VALUES ('VNPAY', $1, 'GET', $2, $3, now() - make_interval(days => $4))`,
      [key, verification, status, ageDays],
    );
  const remaining = async (): Promise<string[]> =>
    (await dataSource.query<{ dedup_key: string }[]>(`SELECT dedup_key FROM webhook_events ORDER BY dedup_key`)).map(
      (row) => row.dedup_key,
    );

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    retention = new WebhookRetention(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => dataSource.query(`TRUNCATE webhook_events`));

  it('deletes unverified requests past their own shorter retention, and no verified webhook of any age', async () => {
    await insertWebhook('bad-signature-old', 'BAD_SIGNATURE', 'REJECTED', 8);
    await insertWebhook('malformed-old', 'MALFORMED', 'REJECTED', 10);
    await insertWebhook('unknown-merchant-new', 'UNKNOWN_MERCHANT', 'REJECTED', 2);
    await insertWebhook('verified-old-rejected', 'VERIFIED', 'REJECTED', 30);
    await insertWebhook('verified-old-applied', 'VERIFIED', 'APPLIED', 30);

    expect(await retention.deleteUnverifiedBefore(7)).toBe(2);
    expect(await remaining()).toEqual(['unknown-merchant-new', 'verified-old-applied', 'verified-old-rejected']);
  });

  it('deletes settled webhooks past the retention in batches, never PENDING or FAILED ones', async () => {
    await insertWebhook('applied-old', 'VERIFIED', 'APPLIED', 100);
    await insertWebhook('duplicate-old', 'VERIFIED', 'DUPLICATE', 100);
    await insertWebhook('pending-old', 'VERIFIED', 'PENDING', 100);
    await insertWebhook('failed-old', 'VERIFIED', 'FAILED', 100);
    await insertWebhook('applied-new', 'VERIFIED', 'APPLIED', 10);

    expect(await retention.deleteSettledBefore(90, 1)).toBe(1);
    expect(await retention.deleteSettledBefore(90, 1)).toBe(1);
    expect(await retention.deleteSettledBefore(90, 1)).toBe(0);
    expect(await remaining()).toEqual(['applied-new', 'failed-old', 'pending-old']);
  });
});
