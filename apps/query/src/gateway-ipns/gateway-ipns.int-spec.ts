import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  Subjects,
  type GatewayIpnDetail,
  type ListGatewayIpnsReply,
  type ListGatewayIpnsRequest,
  type Reply,
} from '@ppm/contracts';
import type { TestRequester } from '@ppm/testing';
import { QueryTestBed } from '../../test/query-test-bed';

const STATUSES = ['APPLIED', 'FAILED', 'PENDING', 'REJECTED', 'DUPLICATE'];
const GATEWAYS = ['VNPAY', 'MOMO', 'ZALOPAY'];

describe('gateway-ipn.list and gateway-ipn.get: the tenant’s stored callbacks over real Postgres, through NATS', () => {
  const tenantId = randomUUID();
  let bed: QueryTestBed;
  let sql: DataSource;
  let client: TestRequester;

  const list = (data: Partial<ListGatewayIpnsRequest>, tenant = tenantId) =>
    client.request<ListGatewayIpnsReply>(Subjects.query.gatewayIpnList, data, { tenantId: tenant });
  const get = (ipnId: string, tenant = tenantId) =>
    client.request<GatewayIpnDetail>(Subjects.query.gatewayIpnGet, { ipnId }, { tenantId: tenant });
  const allPages = async (data: Partial<ListGatewayIpnsRequest>): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const reply: Reply<ListGatewayIpnsReply> = await list({ ...data, cursor });
      if (!reply.success) throw new Error(JSON.stringify(reply.error));
      ids.push(...reply.data.items.map((i) => i.id));
      cursor = reply.data.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  };
  const expectedIds = async (where = 'TRUE', params: unknown[] = []): Promise<string[]> =>
    (
      await sql.query<{ id: string }[]>(
        `SELECT id FROM webhook_events WHERE tenant_id = $1 AND ${where} ORDER BY received_at DESC, id DESC`,
        [tenantId, ...params],
      )
    ).map((r) => r.id);
  const store = (
    tenant: string | null,
    i: number,
    extra: { body?: string; headers?: object; paymentId?: string } = {},
  ) =>
    sql.query<{ id: string }[]>(
      `INSERT INTO webhook_events (gateway_type, tenant_id, dedup_key, http_method, raw_body, headers, verification,
                                   processing_status, attempts, last_error, received_at, payment_transaction_id)
       VALUES ($1, $2, $3, 'POST', $4, $5, 'VERIFIED', $6, $7, $8, $9, $10) RETURNING id`,
      [
        GATEWAYS[i % 3],
        tenant,
        `dedup-${randomUUID()}`,
        extra.body ?? `{"orderId":"ORD-${i}"}`,
        JSON.stringify(extra.headers ?? { 'content-type': 'application/json' }),
        STATUSES[i % 5],
        i % 4,
        STATUSES[i % 5] === 'FAILED' ? 'command service unavailable' : null,
        // Two at a time share their arrival to the microsecond, as one batch of the intake does.
        new Date(Date.parse('2026-11-30T10:00:00.000Z') - Math.floor(i / 2) * 1000).toISOString(),
        extra.paymentId ?? null,
      ],
    );

  beforeAll(async () => {
    bed = await QueryTestBed.start({ clientName: 'gateway-ipns-test' });
    ({ sql, client } = bed);
    for (let i = 0; i < 40; i += 1) await store(tenantId, i);
    await store(randomUUID(), 0);
    await store(null, 1);
  });

  afterAll(() => bed?.stop());

  it('pages the tenant’s callbacks newest first, each exactly once, and none of another tenant or of none', async () => {
    const first = await list({ limit: 3 });
    if (!first.success) throw new Error(JSON.stringify(first.error));
    expect(first.data.items[0]).toEqual({
      id: expect.any(String) as unknown,
      gatewayType: expect.stringMatching(/^(VNPAY|MOMO)$/) as unknown,
      status: expect.stringMatching(/^(APPLIED|FAILED)$/) as unknown,
      receivedAt: '2026-11-30T10:00:00.000Z',
      attempts: expect.any(Number) as unknown,
    });
    const ids = await allPages({ limit: 7 });
    expect(ids).toHaveLength(40);
    expect(ids).toEqual(await expectedIds());
  });

  it('filters by status, gateway and time, together too', async () => {
    const cases: [Partial<ListGatewayIpnsRequest>, string, unknown[]][] = [
      [{ status: 'FAILED' }, `processing_status = $2`, ['FAILED']],
      [{ gatewayType: 'MOMO' }, `gateway_type = $2`, ['MOMO']],
      [
        { status: 'PENDING', gatewayType: 'ZALOPAY', from: '2026-11-30T09:59:50.000Z', to: '2026-11-30T10:00:00.000Z' },
        `processing_status = $2 AND gateway_type = $3 AND received_at >= $4 AND received_at < $5`,
        ['PENDING', 'ZALOPAY', '2026-11-30T09:59:50.000Z', '2026-11-30T10:00:00.000Z'],
      ],
    ];
    for (const [filters, where, params] of cases) {
      const expected = await expectedIds(where, params);
      expect(expected.length).toBeGreaterThan(0);
      expect([filters, await allPages({ ...filters, limit: 2 })]).toEqual([filters, expected]);
    }
  });

  it('refuses an unknown status, a forged cursor and a reversed period', async () => {
    const refusals: Partial<ListGatewayIpnsRequest>[] = [
      { status: 'RECEIVED' as 'PENDING' },
      { gatewayType: 'PAYPAL' as 'MOMO' },
      { cursor: 'bm90LWEtY3Vyc29y' },
      { from: '2026-12-01T00:00:00Z', to: '2026-11-30T00:00:00Z' },
    ];
    for (const data of refusals) {
      expect([data, await list(data)]).toMatchObject([data, { success: false, error: { code: 'VALIDATION_ERROR' } }]);
    }
  });

  it('shows one callback with its raw body, its harmless headers and its last error, to its own tenant only', async () => {
    const paymentId = randomUUID();
    const [{ id }] = await store(tenantId, 1, {
      paymentId,
      body: 'partnerCode=MOMO&amount=150000',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer secret', cookie: 'a=b' },
    });
    expect(await get(id)).toEqual({
      success: true,
      data: {
        id,
        gatewayType: 'MOMO',
        status: 'FAILED',
        receivedAt: '2026-11-30T10:00:00.000Z',
        attempts: 1,
        paymentId,
        verification: 'VERIFIED',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        rawBody: 'partnerCode=MOMO&amount=150000',
        lastError: 'command service unavailable',
      },
    });
    expect(await get(id, randomUUID())).toMatchObject({ success: false, error: { code: 'GATEWAY_IPN_NOT_FOUND' } });
    expect(await get(randomUUID())).toMatchObject({ success: false, error: { code: 'GATEWAY_IPN_NOT_FOUND' } });
  });
});
