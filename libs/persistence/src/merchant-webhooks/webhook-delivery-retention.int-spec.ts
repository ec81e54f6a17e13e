import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { WebhookDeliveryRetention } from './webhook-delivery-retention';

describe('WebhookDeliveryRetention on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** A delivery of `status` last changed `daysAgo` days ago, with one attempt; its id. */
  const delivery = async (status: 'PENDING' | 'DELIVERED' | 'FAILED', daysAgo: number): Promise<string> => {
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO webhook_deliveries (tenant_id, target_url, event_id, event_type, payload, status, attempt_count,
         next_attempt_at, created_at, updated_at)
       VALUES ($1, 'http://127.0.0.1:9/callback', $2, 'payment.succeeded', '{}', $3, 1,
         CASE WHEN $3 = 'PENDING' THEN now() END, now() - make_interval(days => $4), now() - make_interval(days => $4))
       RETURNING id`,
      [randomUUID(), randomUUID(), status, daysAgo],
    );
    await dataSource.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, status_code, latency_ms)
       VALUES ($1, now(), 200, 5)`,
      [row.id],
    );
    return row.id;
  };

  it('deletes only deliveries DELIVERED before the retention, with their attempts, a batch at a time', async () => {
    const old = [await delivery('DELIVERED', 31), await delivery('DELIVERED', 40), await delivery('DELIVERED', 90)];
    const kept = [await delivery('DELIVERED', 29), await delivery('FAILED', 60), await delivery('PENDING', 60)];
    const retention = new WebhookDeliveryRetention(dataSource);

    expect(await retention.deleteDeliveredBefore(30, 2)).toBe(2);
    expect(await retention.deleteDeliveredBefore(30, 2)).toBe(1);
    expect(await retention.deleteDeliveredBefore(30, 2)).toBe(0);

    const left = await dataSource.query<{ id: string }[]>(`SELECT id FROM webhook_deliveries`);
    expect(left.map((row) => row.id).sort()).toEqual([...kept].sort());
    const attempts = await dataSource.query<{ delivery_id: string }[]>(
      `SELECT delivery_id FROM webhook_delivery_attempts WHERE delivery_id = ANY($1)`,
      [old],
    );
    expect(attempts).toEqual([]);
  });
});
