import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import type { DataSource } from 'typeorm';
import { IdempotencyKeyNamesPayment1795721600000 } from './1795721600000-idempotency-key-names-payment';
import { createMigrationDataSource, ppmMigrations } from './migration-data-source';

const BRIEF_TABLES = [
  'audit_log',
  'idempotency_keys',
  'inbox_messages',
  'job_runs',
  'outbox_events',
  'payment_attempts',
  'payment_gateway_configurations',
  'payment_transactions',
  'reconciliation_items',
  'reconciliation_runs',
  'refunds',
  'webhook_events',
];

describe('schema migrations on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;

  const tables = async (): Promise<string[]> =>
    (
      await dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'ppm_migrations'`,
      )
    ).map((row) => row.table_name);

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase();
    dataSource = createMigrationDataSource(database.url);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('runs up, down and up again, leaving nothing behind in between', async () => {
    await dataSource.runMigrations();
    expect(await tables()).toEqual(expect.arrayContaining(BRIEF_TABLES));

    for (let i = 0; i < dataSource.migrations.length; i += 1) await dataSource.undoLastMigration();
    expect(await tables()).toEqual([]);

    await dataSource.runMigrations();
    expect(await tables()).toEqual(expect.arrayContaining(BRIEF_TABLES));
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('gives the aggregates a version column for optimistic concurrency', async () => {
    const rows = await dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'version'`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['payment_transactions', 'refunds', 'payment_gateway_configurations']),
    );
  });

  it('refuses money that is not a positive integer and a second live payment for the same source', async () => {
    const insert = (amount: string, source: string): Promise<unknown> =>
      dataSource.query(
        `INSERT INTO payment_transactions (tenant_id, amount, currency, payment_method_type, status, source_bounded_context, source_transaction_id)
         VALUES ('11111111-1111-1111-1111-111111111111', $1, 'VND', 'E_WALLET', 'PENDING', 'orders', $2)`,
        [amount, source],
      );
    await expect(insert('0', 'order-0')).rejects.toThrow(/ck_payment_transactions/);
    await expect(insert('10.5', 'order-1')).rejects.toThrow(/invalid input syntax for type bigint/);
    await insert('9007199254740993', 'order-2');
    await expect(insert('100', 'order-2')).rejects.toThrow(/uq_payment_transactions_tenant_source_active/);
    const [row] = await dataSource.query<{ amount: string }[]>(
      `SELECT amount::text FROM payment_transactions WHERE source_transaction_id = 'order-2'`,
    );
    expect(row?.amount).toBe('9007199254740993');
  });

  it("points a payment.process key still in progress at the payment its run committed, by the payment's columns", async () => {
    // Back to the schema before that migration, whatever was appended after it.
    const undo = ppmMigrations.length - ppmMigrations.indexOf(IdempotencyKeyNamesPayment1795721600000);
    for (let i = 0; i < undo; i++) await dataSource.undoLastMigration();
    const tenant = '22222222-2222-2222-2222-222222222222';
    const payment = async (source: string, key: string, fingerprint: string): Promise<string> => {
      const [inserted] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO payment_transactions (tenant_id, amount, currency, payment_method_type, status,
           source_bounded_context, source_transaction_id, idempotency_key, request_fingerprint)
         VALUES ($1, 100, 'VND', 'E_WALLET', 'PENDING', 'orders', $2, $3, $4) RETURNING id`,
        [tenant, source, key, fingerprint],
      );
      return inserted?.id ?? '';
    };
    const claim = (key: string, status: string): Promise<unknown> =>
      dataSource.query(
        `INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash, status, expires_at)
         VALUES ($1, 'ppm.command.payment.process', $2, 'hash', $3, now() + interval '1 day')`,
        [tenant, key, status],
      );
    const interrupted = await payment('order-a', 'key-a', 'hash');
    await payment('order-b', 'key-b', 'another hash');
    await payment('order-c', 'key-c', 'hash');
    await claim('key-a', 'IN_PROGRESS');
    await claim('key-b', 'IN_PROGRESS');
    await claim('key-c', 'COMPLETED');

    await dataSource.runMigrations();

    const keys = await dataSource.query<{ key: string; payment_transaction_id: string | null }[]>(
      `SELECT key, payment_transaction_id FROM idempotency_keys WHERE tenant_id = $1 ORDER BY key`,
      [tenant],
    );
    expect(keys).toEqual([
      { key: 'key-a', payment_transaction_id: interrupted },
      { key: 'key-b', payment_transaction_id: null },
      { key: 'key-c', payment_transaction_id: null },
    ]);
  });
});
