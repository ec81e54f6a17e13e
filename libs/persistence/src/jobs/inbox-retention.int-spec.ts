import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { InboxRetention } from './inbox-retention';

describe('InboxRetention on a real Postgres', () => {
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

  it('forgets only event ids older than the retention, a batch at a time', async () => {
    await dataSource.query(
      `INSERT INTO inbox_messages (consumer, message_id, received_at)
       SELECT 'query-cache', 'old-' || n, now() - interval '15 days' FROM generate_series(1, 3) AS n
       UNION ALL SELECT 'tenant-data-deletion', 'recent', now() - interval '13 days'`,
    );
    const retention = new InboxRetention(dataSource);

    expect(await retention.deleteReceivedBefore(14, 2)).toBe(2);
    expect(await retention.deleteReceivedBefore(14, 2)).toBe(1);
    expect(await retention.deleteReceivedBefore(14, 2)).toBe(0);
    const left = await dataSource.query<{ message_id: string }[]>(`SELECT message_id FROM inbox_messages`);
    expect(left).toEqual([{ message_id: 'recent' }]);
  });
});
