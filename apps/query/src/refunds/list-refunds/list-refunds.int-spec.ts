import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type ListRefundsReply } from '@ppm/contracts';
import type { TestRequester } from '@ppm/testing';
import { insertPayments } from '../../../test/query-test-kit';
import { QueryTestBed } from '../../../test/query-test-bed';

describe('refund.list: the refunds of one payment over real Postgres, through NATS', () => {
  const tenantId = randomUUID();
  let bed: QueryTestBed;
  let sql: DataSource;
  let client: TestRequester;
  let refunded: string;
  let untouched: string;

  const list = (transactionId: string, tenant = tenantId) =>
    client.request<ListRefundsReply>(Subjects.query.refundList, { transactionId }, { tenantId: tenant });

  beforeAll(async () => {
    bed = await QueryTestBed.start({ clientName: 'list-refunds-test' });
    ({ sql, client } = bed);
    [refunded, untouched] = await insertPayments(sql, [
      { tenantId, status: 'PARTIALLY_REFUNDED', amount: 150_000 },
      { tenantId },
    ]);
    // Two refunds, the later one written first: the list orders them by creation.
    await sql.query(
      `INSERT INTO refunds (tenant_id, payment_transaction_id, amount, currency, status, reason, gateway_request_id,
                            initiated_by_user_id, created_at, updated_at)
       VALUES ($1, $2, 20000, 'VND', 'PROCESSING', 'second', $3, 'alice', '2024-11-22T11:00:00Z', '2024-11-22T11:00:00Z'),
              ($1, $2, 30000, 'VND', 'SUCCEEDED', 'first', $4, 'bob', '2024-11-22T10:00:00Z', '2024-11-22T10:00:00Z')`,
      [tenantId, refunded, `rf-${randomUUID()}`, `rf-${randomUUID()}`],
    );
  });

  afterAll(() => bed?.stop());

  it('lists a payment’s refunds oldest first, with amounts in minor units', async () => {
    const reply = await list(refunded);
    expect(reply).toMatchObject({
      success: true,
      data: {
        items: [
          { transactionId: refunded, amount: 30_000, currency: 'VND', status: 'SUCCEEDED', reason: 'first' },
          {
            transactionId: refunded,
            amount: 20_000,
            currency: 'VND',
            status: 'PROCESSING',
            initiatedByUserId: 'alice',
          },
        ],
      },
    });
    expect(await list(untouched)).toEqual({ success: true, data: { items: [] } });
  });

  it('answers TRANSACTION_NOT_FOUND for another tenant’s payment or none, and refuses a malformed id', async () => {
    expect(await list(refunded, randomUUID())).toMatchObject({
      success: false,
      error: { code: 'TRANSACTION_NOT_FOUND' },
    });
    expect(await list(randomUUID())).toMatchObject({ success: false, error: { code: 'TRANSACTION_NOT_FOUND' } });
    expect(await list('not-a-uuid')).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
  });
});
