import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type ListTransactionsReply, type ListTransactionsRequest, type Reply } from '@ppm/contracts';
import type { TestRequester } from '@ppm/testing';
import { insertPayments, type PaymentRow } from '../../../test/query-test-kit';
import { QueryTestBed } from '../../../test/query-test-bed';

const STATUSES = ['SUCCEEDED', 'FAILED', 'PROCESSING', 'REFUNDED'];
const GATEWAYS = ['VNPAY', 'MOMO', 'ZALOPAY'];
const METHODS = ['E_WALLET', 'QR_CODE', 'ATM_CARD'];
const SOURCES = ['orders', 'billing'];

describe('transaction.list: filters and a keyset cursor over real Postgres, through NATS', () => {
  const tenantId = randomUUID();
  let bed: QueryTestBed;
  let sql: DataSource;
  let client: TestRequester;

  const list = (data: Partial<ListTransactionsRequest>, tenant = tenantId) =>
    client.request<ListTransactionsReply>(Subjects.query.transactionList, data, { tenantId: tenant });
  const page = async (data: Partial<ListTransactionsRequest>): Promise<ListTransactionsReply> => {
    const reply: Reply<ListTransactionsReply> = await list(data);
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };
  /** The rows in the order the list must return them, straight from Postgres. */
  const expectedIds = async (where = 'TRUE', params: unknown[] = []): Promise<string[]> =>
    (
      await sql.query<{ id: string }[]>(
        `SELECT id FROM payment_transactions WHERE tenant_id = $1 AND ${where} ORDER BY created_at DESC, id DESC`,
        [tenantId, ...params],
      )
    ).map((r) => r.id);

  beforeAll(async () => {
    bed = await QueryTestBed.start({ clientName: 'list-transactions-test' });
    ({ sql, client } = bed);
    // 240 payments; every third shares its creation time with the next one to the microsecond, so only the id
    // orders them, and others differ by a microsecond (a millisecond cursor would lose them).
    const base = Date.parse('2024-11-22T10:00:00.000Z');
    const rows: PaymentRow[] = Array.from({ length: 240 }, (_, i) => {
      const millis = base - Math.floor(i / 3) * 7;
      const micros = i % 3 === 2 ? 1 : 0;
      const createdAt = `${new Date(millis).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
      return {
        tenantId,
        createdAt,
        status: STATUSES[i % STATUSES.length],
        gatewayType: GATEWAYS[i % GATEWAYS.length],
        paymentMethod: METHODS[(i >> 1) % METHODS.length],
        sourceBoundedContext: SOURCES[i % SOURCES.length],
        amount: 1_000 * (i + 1),
        // Half the payments have a gateway number yet.
        sourceTransactionId: `ORD-${i}`,
        gatewayReference: `REF${i}`,
        gatewayTransactionId: i % 2 === 0 ? `GW${i}` : undefined,
        initiatedByUserId: `user-${i % 5}`,
      };
    });
    await insertPayments(sql, rows);
    // Another tenant with the same order ids and user: never in this tenant's searches.
    const otherTenant = { tenantId: randomUUID(), sourceTransactionId: 'ORD-7', initiatedByUserId: 'user-2' };
    await insertPayments(sql, [
      otherTenant,
      { ...otherTenant, status: 'FAILED', gatewayType: 'VNPAY', gatewayReference: 'REF7', gatewayTransactionId: 'GW8' },
    ]);
  });

  afterAll(() => bed?.stop());

  it('pages newest first, 20 by default, up to 100, and refuses more or a forged cursor', async () => {
    const first = await page({});
    expect(first.items).toHaveLength(20);
    expect(first.items.map((i) => i.id)).toEqual((await expectedIds()).slice(0, 20));
    // The third payment is the newest: a microsecond after the first two.
    expect(first.items[0]).toMatchObject({ amount: 3_000, currency: 'VND', refundedAmount: 0 });
    expect(first.nextCursor).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]+$/));
    expect((await page({ limit: 100 })).items).toHaveLength(100);
    expect(await list({ limit: 101 })).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    expect(await list({ cursor: 'bm90LWEtY3Vyc29y' })).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR' },
    });
    expect(await list({}, randomUUID())).toEqual({ success: true, data: { items: [], nextCursor: null } });
  });

  it('returns every row exactly once across pages while payments are being inserted', async () => {
    const before = await expectedIds();
    const seen: string[] = [];
    let cursor: string | undefined;
    let inserted = 0;
    do {
      const result = await page({ limit: 17, cursor });
      seen.push(...result.items.map((i) => i.id));
      cursor = result.nextCursor ?? undefined;
      // Meanwhile other payments arrive: new ones, and ones timed among rows already paged past and still ahead.
      await insertPayments(sql, [
        { tenantId },
        { tenantId, createdAt: '2024-11-22T09:59:59.900000Z' },
        { tenantId, createdAt: '2024-11-22T09:59:59.500000Z' },
      ]);
      inserted += 3;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const seenSet = new Set(seen);
    expect(before.filter((id) => !seenSet.has(id))).toEqual([]);
    const order = await expectedIds(`id = ANY($2::uuid[])`, [seen]);
    expect(seen).toEqual(order);
    expect(inserted).toBeGreaterThan(0);
  });

  it('applies each filter, and all of them together, across pages', async () => {
    const cases: [Partial<ListTransactionsRequest>, string, unknown[]][] = [
      [{ status: 'FAILED' }, `status = $2`, ['FAILED']],
      [{ gatewayType: 'ZALOPAY' }, `gateway_type = $2`, ['ZALOPAY']],
      [{ paymentMethod: 'QR_CODE' }, `payment_method_type = $2`, ['QR_CODE']],
      [{ sourceBoundedContext: 'billing' }, `source_bounded_context = $2`, ['billing']],
      [{ currency: 'VND' }, `currency = $2`, ['VND']],
      [{ sourceTransactionId: 'ORD-7' }, `source_transaction_id = $2`, ['ORD-7']],
      [{ gatewayReference: 'REF7' }, `gateway_reference = $2`, ['REF7']],
      [{ gatewayTransactionId: 'GW8' }, `gateway_transaction_id = $2`, ['GW8']],
      [{ initiatedByUserId: 'user-2' }, `initiated_by_user_id = $2`, ['user-2']],
      [
        { sourceTransactionId: 'ORD-7', status: 'REFUNDED', initiatedByUserId: 'user-2' },
        `source_transaction_id = $2 AND status = $3 AND initiated_by_user_id = $4`,
        ['ORD-7', 'REFUNDED', 'user-2'],
      ],
      [
        { currency: 'VND', amountMin: 50_000, amountMax: 80_000 },
        `currency = $2 AND amount BETWEEN $3 AND $4`,
        ['VND', 50_000, 80_000],
      ],
      [
        { createdFrom: '2024-11-22T09:59:59.800Z', createdTo: '2024-11-22T09:59:59.950Z' },
        `created_at >= $2 AND created_at < $3`,
        ['2024-11-22T09:59:59.800Z', '2024-11-22T09:59:59.950Z'],
      ],
      [
        { status: 'SUCCEEDED', gatewayType: 'VNPAY', currency: 'VND', amountMin: 1 },
        `status = $2 AND gateway_type = $3 AND currency = $4 AND amount >= $5`,
        ['SUCCEEDED', 'VNPAY', 'VND', 1],
      ],
    ];
    for (const [filters, where, params] of cases) {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const result = await page({ ...filters, limit: 7, cursor });
        ids.push(...result.items.map((i) => i.id));
        cursor = result.nextCursor ?? undefined;
      } while (cursor);
      const expected = await expectedIds(where, params);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids).toEqual(expected);
    }
    const found = await page({ gatewayReference: 'REF7' });
    expect(found.items).toEqual([
      expect.objectContaining({ gatewayReference: 'REF7', gatewayTransactionId: null, sourceTransactionId: 'ORD-7' }),
    ]);
    for (const field of ['sourceTransactionId', 'gatewayReference', 'gatewayTransactionId', 'initiatedByUserId']) {
      expect(await list({ [field]: '' })).toMatchObject({
        success: false,
        error: { code: 'VALIDATION_ERROR', details: { fields: [{ field: `data.${field}` }] } },
      });
    }
    expect(await list({ currency: 'VND', amountMin: 10, amountMax: 5 })).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR' },
    });
    // Minor units of different currencies do not compare: a range means nothing without its currency.
    for (const range of [{ amountMin: 10 }, { amountMax: 10 }]) {
      expect(await list(range)).toMatchObject({
        success: false,
        error: { code: 'VALIDATION_ERROR', details: { fields: [{ field: 'data.currency' }] } },
      });
    }
  });
});
