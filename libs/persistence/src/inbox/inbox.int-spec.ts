import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { recordHandled, runOnce, wasHandled } from './inbox';

describe('inbox on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url, poolSize: 10 }).initialize();
    await dataSource.query(`CREATE TABLE effects (message_id text NOT NULL)`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const effectsOf = async (id: string): Promise<number> =>
    (await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM effects WHERE message_id = $1`, [id]))[0]
      ?.n ?? 0;
  const once = (id: string, fail = false) =>
    dataSource.transaction((manager) =>
      runOnce(manager, 'inbox-test', id, async (m) => {
        await m.query(`SELECT pg_sleep(0.05)`);
        await m.query(`INSERT INTO effects (message_id) VALUES ($1)`, [id]);
        if (fail) throw new Error('side effect failed');
        return 'done';
      }),
    );

  it('runs the work of 8 concurrent copies of a message once, and says which ran', async () => {
    const id = randomUUID();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => once(id)));
    expect(outcomes.filter((o) => o.ran)).toEqual([{ ran: true, result: 'done' }]);
    expect(await effectsOf(id)).toBe(1);
    expect(await wasHandled(dataSource, 'inbox-test', id)).toBe(true);
  });

  it('forgets a message whose work failed, so the next delivery runs it', async () => {
    const id = randomUUID();
    await expect(once(id, true)).rejects.toThrow('side effect failed');
    expect(await wasHandled(dataSource, 'inbox-test', id)).toBe(false);
    expect(await once(id)).toEqual({ ran: true, result: 'done' });
    expect(await effectsOf(id)).toBe(1);
  });

  it('keeps consumers apart, and records after the fact once', async () => {
    const id = randomUUID();
    expect(await recordHandled(dataSource, 'other-consumer', id)).toBe(true);
    expect(await recordHandled(dataSource, 'other-consumer', id)).toBe(false);
    expect(await wasHandled(dataSource, 'inbox-test', id)).toBe(false);
  });

  it('refuses to run outside a transaction', async () => {
    await expect(runOnce(dataSource.manager, 'inbox-test', randomUUID(), () => Promise.resolve())).rejects.toThrow(
      /needs a transaction/,
    );
  });
});
