import { Client } from 'pg';
import { eventually } from './eventually';
import { PrivatePostgres } from './private-postgres';

const query = async (url: string, sql: string): Promise<unknown[]> => {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows as unknown[];
  } finally {
    await client.end();
  }
};

describe('PrivatePostgres', () => {
  let postgres: PrivatePostgres | undefined;
  let replica: PrivatePostgres | undefined;

  afterAll(async () => {
    await replica?.destroy();
    await postgres?.destroy();
  });

  it('refuses sessions once shut down, and starts again on the same port with its data', async () => {
    postgres = await PrivatePostgres.start();
    const url = postgres.url;
    await query(url, `CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)`);

    await postgres.stop();
    await expect(query(url, 'SELECT 1')).rejects.toThrow();

    await postgres.restart();
    expect(await query(url, 'SELECT id FROM kept')).toEqual([{ id: 7 }]);
  });

  it('starts a streaming replica that serves what the primary had and what it commits later', async () => {
    postgres ??= await PrivatePostgres.start();
    await query(postgres.url, `CREATE TABLE copied (id int); INSERT INTO copied VALUES (1)`);
    replica = await postgres.startReplica();
    await query(postgres.url, `INSERT INTO copied VALUES (2)`);

    expect(await query(replica.url, 'SELECT pg_is_in_recovery() AS standby')).toEqual([{ standby: true }]);
    const replicaUrl = replica.url;
    const copied = await eventually(
      () => query(replicaUrl, 'SELECT id FROM copied ORDER BY id'),
      (rows) => rows.length === 2,
      { what: 'the later insert replayed on the replica' },
    );
    expect(copied).toEqual([{ id: 1 }, { id: 2 }]);
    await expect(query(replica.url, 'INSERT INTO copied VALUES (3)')).rejects.toThrow(/read-only/);
  });
});
