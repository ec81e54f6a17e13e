import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testInfra } from './test-infra';

/** A database of its own for one test file, so test files run in parallel without seeing each other's rows. */
export interface IsolatedDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database next to the configured one (or on the server `serverUrl` names, e.g. a test's private
 * Postgres), then runs `prepare` on it (e.g. `migrateDatabase` of `@ppm/migrations` for PPM's schema).
 */
export async function createIsolatedDatabase(
  prepare?: (url: string) => Promise<void>,
  serverUrl: string = testInfra.databaseUrl,
): Promise<IsolatedDatabase> {
  const name = `ppm_test_${process.env['JEST_WORKER_ID'] ?? '0'}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(serverUrl, name);
  await admin(serverUrl, `CREATE DATABASE "${name}"`);
  await prepare?.(url);
  return { name, url, drop: () => admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
