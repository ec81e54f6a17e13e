import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { ListTransactionsRequest } from '@ppm/contracts';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { listTransactionsSql } from './list-transactions.sql';
import { encodeCursor, decodeCursor } from './transaction-cursor';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

// The plan, not a timer, shows that any page is cheap: with the statistics of a seeded data set Postgres reads a
// page from an index in (created_at, id) order and stops after limit + 1 rows, whatever the page's depth (timings on
// a million rows: see migrations/1795462400000-query-indexes.ts and the query service's notes in its README).
describe('transaction.list query plans on 20,000 seeded payments', () => {
  let database: IsolatedDatabase;
  let client: Client;
  let tenantId: string;

  const explain = async (filters: Omit<ListTransactionsRequest, 'limit' | 'cursor'>, cursor: string | null = null) => {
    const { sql, params } = listTransactionsSql(tenantId, filters, cursor ? decodeCursor(cursor) : null, 20);
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return nodes(rows[0]['QUERY PLAN'][0].Plan);
  };
  const scans = (plan: PlanNode[]) => plan.filter((n) => n['Node Type'].includes('Scan'));

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    client = new Client({ connectionString: database.url });
    await client.connect();
    // The seed script itself, as `npm run seed` runs it (from dist/: `npm run build` first, as for the apps).
    const root = join(__dirname, '..', '..', '..', '..', '..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        join(root, 'tools', 'register-aliases.js'),
        join(root, 'dist', 'tools', 'seed.js'),
        ...['--rows', '20000', '--tenants', '4', '--days', '365', '--batch', '5000', '--seed', '6'],
      ],
      { env: { PATH: process.env['PATH'], DATABASE_URL: database.url } },
    );
    expect(stdout).toContain('[seed] 20000/20000 payments (100 %)');
    const [largest] = (
      await client.query<{ tenant_id: string }>(
        `SELECT tenant_id FROM payment_transactions GROUP BY tenant_id ORDER BY count(*) DESC LIMIT 1`,
      )
    ).rows;
    tenantId = largest.tenant_id;
    await client.query('ANALYZE');
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('reads the first page in index order from (tenant_id, created_at, id), without sorting', async () => {
    const plan = await explain({});
    expect(scans(plan).map((n) => n['Index Name'])).toEqual(['ix_payment_transactions_tenant_created']);
    expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
    expect(plan[0]['Node Type']).toBe('Limit');
  });

  it('starts a deep page at its cursor inside the index, so page 500 costs what page 1 does', async () => {
    const {
      rows: [deep],
    } = await client.query<{ created_at: string; id: string }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at, id
         FROM payment_transactions WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC OFFSET 8000 LIMIT 1`,
      [tenantId],
    );
    const plan = await explain({}, encodeCursor({ createdAt: deep.created_at, id: deep.id }));
    const [scan] = scans(plan);
    expect(scans(plan)).toHaveLength(1);
    expect(scan['Index Name']).toBe('ix_payment_transactions_tenant_created');
    expect(scan['Index Cond']).toMatch(/ROW\(created_at, id\) < ROW\(/);
    expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
  });

  it('serves every filter from an index, never a sequential scan', async () => {
    const filtered: Omit<ListTransactionsRequest, 'limit' | 'cursor'>[] = [
      { status: 'FAILED' },
      { gatewayType: 'ZALOPAY' },
      { paymentMethod: 'BANK_TRANSFER' },
      { sourceBoundedContext: 'marketplace' },
      { createdFrom: new Date(Date.now() - 30 * 86_400_000).toISOString(), createdTo: new Date().toISOString() },
      { amountMin: 100_000, amountMax: 500_000 },
      { status: 'REFUNDED', gatewayType: 'MOMO', paymentMethod: 'E_WALLET' },
      { sourceTransactionId: 'ORD-1001' },
      { gatewayReference: 'SEED0000' },
      { gatewayTransactionId: 'MO12345678' },
      {
        initiatedByUserId: 'user-7',
        status: 'SUCCEEDED',
        createdFrom: new Date(Date.now() - 86_400_000).toISOString(),
      },
    ];
    for (const filters of filtered) {
      const plan = await explain(filters);
      const sequential = scans(plan).filter((n) => n['Node Type'] === 'Seq Scan');
      expect(sequential.map(() => filters)).toEqual([]);
      // Every index read is one led by tenant_id: a page never looks at other tenants' rows.
      const indexes = scans(plan).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));
      expect(indexes.length).toBeGreaterThan(0);
      expect(indexes.filter((name) => !name.startsWith('ix_payment_transactions_tenant_'))).toEqual([]);
    }
  });

  it('finds a payment by order id, gateway reference, gateway number or initiator through its own tenant index', async () => {
    const {
      rows: [sample],
    } = await client.query<{
      source_transaction_id: string;
      gateway_reference: string;
      gateway_transaction_id: string;
      initiated_by_user_id: string;
    }>(
      `SELECT source_transaction_id, gateway_reference, gateway_transaction_id, initiated_by_user_id
         FROM payment_transactions
        WHERE tenant_id = $1 AND gateway_transaction_id IS NOT NULL AND initiated_by_user_id IS NOT NULL
        LIMIT 1`,
      [tenantId],
    );
    const searches: [Omit<ListTransactionsRequest, 'limit' | 'cursor'>, string][] = [
      [{ sourceTransactionId: sample.source_transaction_id }, 'ix_payment_transactions_tenant_source_txn'],
      [{ gatewayReference: sample.gateway_reference }, 'ix_payment_transactions_tenant_gateway_ref'],
      [{ gatewayTransactionId: sample.gateway_transaction_id }, 'ix_payment_transactions_tenant_gateway_txn'],
      [{ initiatedByUserId: sample.initiated_by_user_id }, 'ix_payment_transactions_tenant_initiator'],
      // Combined with today's filters, the selective index still leads.
      [
        { gatewayReference: sample.gateway_reference, status: 'SUCCEEDED', createdFrom: '2020-01-01T00:00:00Z' },
        'ix_payment_transactions_tenant_gateway_ref',
      ],
    ];
    for (const [filters, index] of searches) {
      const plan = await explain(filters);
      // A bitmap read names its index on the Bitmap Index Scan only; its heap scan has none.
      const indexes = scans(plan).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));
      expect([filters, indexes]).toEqual([filters, [index]]);
    }
  });

  it('finds an exact amount through (tenant_id, amount) instead of walking the tenant’s history', async () => {
    const plan = await explain({ amountMin: 150_000, amountMax: 150_000 });
    expect(scans(plan).map((n) => n['Index Name'])).toContain('ix_payment_transactions_tenant_amount');
  });
});
