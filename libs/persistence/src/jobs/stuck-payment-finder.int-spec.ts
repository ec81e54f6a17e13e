import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { StuckPaymentFinder, type InFlightPosition, type PaymentToSync } from './stuck-payment-finder';

describe('StuckPaymentFinder on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let finder: StuckPaymentFinder;
  const MINUTE = 60_000;

  const insertPayment = async (status: string, updatedAt: string, tenantId = randomUUID()): Promise<string> => {
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO payment_transactions (tenant_id, amount, currency, payment_method_type, status,
                                         source_bounded_context, source_transaction_id, updated_at)
       VALUES ($1, 100000, 'VND', 'E_WALLET', $2, 'orders', $3, $4::timestamptz) RETURNING id`,
      [tenantId, status, randomUUID(), updatedAt],
    );
    return row.id;
  };
  const insertRefund = async (paymentId: string, status: string, updatedAt: string) => {
    const [payment] = await dataSource.query<{ tenant_id: string }[]>(
      `SELECT tenant_id FROM payment_transactions WHERE id = $1`,
      [paymentId],
    );
    await dataSource.query(
      `INSERT INTO refunds (tenant_id, payment_transaction_id, amount, currency, status, gateway_request_id, updated_at)
       VALUES ($1, $2, 1000, 'VND', $3, $4, $5::timestamptz)`,
      [payment.tenant_id, paymentId, status, randomUUID(), updatedAt],
    );
  };
  const allInFlight = async (olderThanMs: number, pageSize: number): Promise<PaymentToSync[]> => {
    const seen: PaymentToSync[] = [];
    let position: InFlightPosition | null = null;
    do {
      const page = await finder.paymentsInFlight(olderThanMs, position, pageSize);
      seen.push(...page.payments);
      position = page.next;
    } while (position);
    return seen;
  };

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    finder = new StuckPaymentFinder(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => dataSource.query(`TRUNCATE payment_transactions CASCADE`));

  it('finds each payment in flight past the age once, across tenants and pages, and nothing else', async () => {
    // Several rows share one microsecond-precise timestamp: a position rounded to milliseconds would loop or skip.
    const sameInstant = '2025-03-01 08:00:00.123456+00';
    const stuck = [
      await insertPayment('PROCESSING', sameInstant),
      await insertPayment('PENDING', sameInstant),
      await insertPayment('PROCESSING', sameInstant),
      await insertPayment('PROCESSING', '2025-03-01 08:00:00.123457+00'),
      await insertPayment('PENDING', '2025-03-01 09:00:00+00'),
    ];
    await insertPayment('SUCCEEDED', sameInstant);
    await insertPayment('FAILED', sameInstant);
    await insertPayment('PROCESSING', new Date().toISOString()); // too recent: its callback may still come

    const seen = await allInFlight(5 * MINUTE, 2);
    expect(seen.map((p) => p.transactionId).sort()).toEqual([...stuck].sort());
    expect(new Set(seen.map((p) => p.tenantId)).size).toBe(5);
  });

  it('with age 0, finds a payment the moment it is in flight', async () => {
    const id = await insertPayment('PROCESSING', new Date(Date.now() - 5).toISOString());
    expect((await finder.paymentsInFlight(0, null, 10)).payments.map((p) => p.transactionId)).toEqual([id]);
  });

  it('says there is no next page when a page comes back short', async () => {
    await insertPayment('PROCESSING', '2025-03-01 08:00:00+00');
    expect((await finder.paymentsInFlight(MINUTE, null, 2)).next).toBeNull();
  });

  it('finds each payment with refunds in flight past the age once, with its tenant', async () => {
    const tenantId = randomUUID();
    const twoInFlight = await insertPayment('PARTIALLY_REFUNDED', '2025-03-01 08:00:00+00', tenantId);
    await insertRefund(twoInFlight, 'PROCESSING', '2025-03-01 08:01:00+00');
    await insertRefund(twoInFlight, 'PROCESSING', '2025-03-01 08:02:00+00');
    const oneInFlight = await insertPayment('SUCCEEDED', '2025-03-01 08:00:00+00');
    await insertRefund(oneInFlight, 'PROCESSING', '2025-03-01 08:01:00+00');
    await insertRefund(oneInFlight, 'SUCCEEDED', '2025-03-01 08:01:00+00');
    const settled = await insertPayment('REFUNDED', '2025-03-01 08:00:00+00');
    await insertRefund(settled, 'SUCCEEDED', '2025-03-01 08:01:00+00');
    const recent = await insertPayment('SUCCEEDED', '2025-03-01 08:00:00+00');
    await insertRefund(recent, 'PROCESSING', new Date().toISOString());

    const first = await finder.paymentsWithRefundsInFlight(5 * MINUTE, null, 1);
    expect(first.payments).toHaveLength(1);
    const second = await finder.paymentsWithRefundsInFlight(5 * MINUTE, first.next, 1);
    const third = await finder.paymentsWithRefundsInFlight(5 * MINUTE, second.next, 1);
    expect(third).toEqual({ payments: [], next: null });
    const seen = [...first.payments, ...second.payments];
    expect(seen.map((p) => p.transactionId).sort()).toEqual([twoInFlight, oneInFlight].sort());
    expect(seen.find((p) => p.transactionId === twoInFlight)?.tenantId).toBe(tenantId);
  });
});
