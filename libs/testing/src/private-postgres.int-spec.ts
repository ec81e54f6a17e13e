import { Client } from 'pg';
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

  afterAll(() => postgres?.destroy());

  it('refuses sessions once shut down, and starts again on the same port with its data', async () => {
    postgres = await PrivatePostgres.start();
    const url = postgres.url;
    await query(url, `CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)`);

    await postgres.stop();
    await expect(query(url, 'SELECT 1')).rejects.toThrow();

    await postgres.restart();
    expect(await query(url, 'SELECT id FROM kept')).toEqual([{ id: 7 }]);
  });
});
