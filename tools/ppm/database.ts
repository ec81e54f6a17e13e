import { Client } from 'pg';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/ppm';

/** Runs work on one connection to DATABASE_URL, closed afterwards. */
export async function withDatabase<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: DATABASE_URL, application_name: 'ppm-cli' });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}
