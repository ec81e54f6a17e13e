import {
  GATEWAY_TYPES,
  PAYMENT_ATTEMPT_STATUSES,
  PAYMENT_STATUSES,
  REFUND_STATUSES,
  WEBHOOK_DELIVERY_STATUSES,
} from '@ppm/domain';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { DataSource } from 'typeorm';
import { migrateDatabase } from './migration-data-source';

interface ColumnCheck {
  table: string;
  column: string;
  /** The string literals the CHECK lists, as Postgres stores it (`gateway_type = ANY (ARRAY['VNPAY', …])`). */
  allowed: string[];
}

/** The status columns whose values are the domain's; the other tables' statuses belong to persistence itself. */
const DOMAIN_STATUSES: Readonly<Record<string, readonly string[]>> = {
  payment_transactions: PAYMENT_STATUSES,
  payment_attempts: PAYMENT_ATTEMPT_STATUSES,
  refunds: REFUND_STATUSES,
  webhook_deliveries: WEBHOOK_DELIVERY_STATUSES,
};

const sorted = (values: readonly string[]): string[] => [...values].sort();

describe('the schema allows exactly the vocabulary of the code', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;

  /** Every single-column CHECK on a column of this name, read back from the catalog after all migrations ran. */
  const checksOn = async (column: string): Promise<ColumnCheck[]> => {
    const rows = await dataSource.query<{ table: string; column: string; definition: string }[]>(
      `SELECT c.conrelid::regclass::text AS "table", a.attname AS "column", pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'c' AND cardinality(c.conkey) = 1 AND a.attname = $1
          AND c.connamespace = 'public'::regnamespace
        ORDER BY 1`,
      [column],
    );
    return rows.map(({ table, column: name, definition }) => ({
      table,
      column: name,
      allowed: sorted([...definition.matchAll(/'([^']*)'/g)].map((match) => match[1])),
    }));
  };

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('constrains every gateway_type column to the domain’s gateways', async () => {
    const columns = await dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'gateway_type' ORDER BY 1`,
    );
    const checks = await checksOn('gateway_type');

    expect(checks.map((check) => check.table)).toEqual(columns.map((row) => row.table_name));
    for (const check of checks) expect(check).toEqual({ ...check, allowed: sorted(GATEWAY_TYPES) });
  });

  it('constrains the payment, attempt, refund and webhook delivery status columns to the domain’s statuses', async () => {
    const checks = await checksOn('status');

    for (const [table, statuses] of Object.entries(DOMAIN_STATUSES)) {
      expect(checks.find((check) => check.table === table)).toEqual({
        table,
        column: 'status',
        allowed: sorted(statuses),
      });
    }
  });
});
