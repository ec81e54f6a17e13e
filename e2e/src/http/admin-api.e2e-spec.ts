import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { migrateDatabase } from '@ppm/migrations';
import { TestStack } from '@ppm/testing';
import { TenantEdgeApi, type EdgeReply } from '../support/tenant-edge-api';

type Data = (Record<string, unknown> & { items?: Record<string, unknown>[]; nextCursor?: string | null }) | undefined;
type Details = { fields?: { field: string; problems: string[] }[] };
type Body = EdgeReply<Data, Details>['body'];

const EXPORTED = 230;

describe('the admin API read side: search, CSV export, refunds and the audit log over the running stack', () => {
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const tenantKey = `ppm_${randomBytes(24).toString('base64url')}`;
  const momo = {
    partnerCode: `MOMO${randomBytes(4).toString('hex')}`,
    accessKey: randomUUID(),
    secretKey: randomUUID(),
  };
  const orderId = `ORD-${randomBytes(4).toString('hex')}`;
  let stack: TestStack;
  let gatewayUrl: string;
  let configurationId: string;
  let paid: { id: string; gatewayReference: string; gatewayTransactionId: string };
  let refundId: string;

  const edge = TenantEdgeApi.onStack(() => stack, tenantA, true);
  const viewer = edge.token(['ppm.viewer']);
  const operator = edge.token(['ppm.operator']);
  const admin = edge.token(['ppm.admin']);
  const otherAdmin = edge.token(['ppm.admin', 'ppm.operator'], { tenantId: tenantB });

  const call = (method: string, path: string, auth: string | Record<string, string>, body?: unknown) =>
    edge.call<Data, Details>(method, path, auth, body);
  const get = (path: string, auth: string) => call('GET', path, auth);
  const items = async (path: string, auth: string): Promise<Record<string, unknown>[]> => {
    const response = await get(path, auth);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response.body.data?.items ?? [];
  };
  const csv = (query: string, auth: string) =>
    fetch(`${gatewayUrl}/api/v1/ppm/transactions/export.csv${query}`, { headers: { authorization: `Bearer ${auth}` } });

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'admin-api-e2e',
      migrate: migrateDatabase,
      sandbox: {},
      apps: {
        worker: {},
        command: { OUTBOX_POLL_INTERVAL_MS: '100' },
        query: { CACHE_TTL_IN_FLIGHT_MS: '1000' },
        gateway: {
          ...edge.gatewayEnv({ id: 'orders-a', key: tenantKey }),
          RATE_LIMIT_TIERS: JSON.stringify({ standard: { limit: 10_000, windowSeconds: 60 } }),
          NATS_REQUEST_TIMEOUT_MS: '10000',
        },
      },
    });
    gatewayUrl = stack.app('gateway').url;
    await stack.sandbox.registerMerchant('MOMO', momo);

    const added = await call('POST', '/api/v1/ppm/gateways/configurations', admin, {
      gatewayType: 'MOMO',
      name: 'MoMo',
      credentials: momo,
      supportedPaymentMethods: ['E_WALLET'],
    });
    expect(added.status).toBe(201);
    configurationId = String(added.body.data?.['id']);

    // A payment an internal caller starts for its order and a cashier, which the customer then pays.
    const payment = await call(
      'POST',
      '/api/v1/internal/ppm/process-payment',
      { 'x-api-key': tenantKey },
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: orderId,
        amount: 150_000,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        description: 'admin API e2e order',
        returnUrl: 'https://shop.example/return',
        gatewayConfigurationId: configurationId,
        initiatedByUserId: 'cashier-7',
      },
    );
    expect(payment.status).toBe(201);
    const id = String(payment.body.data?.['transactionId']);
    const gatewayReference = String(payment.body.data?.['gatewayReference']);
    await stack.sandbox.complete('MOMO', gatewayReference, 'succeeded');
    const deadline = Date.now() + 15_000;
    let read: Body | undefined;
    while (read?.data?.['status'] !== 'SUCCEEDED' && Date.now() < deadline) {
      read = (await get(`/api/v1/ppm/transactions/${id}`, viewer)).body;
      if (read.data?.['status'] !== 'SUCCEEDED') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(read?.data).toMatchObject({ status: 'SUCCEEDED', gatewayTransactionId: expect.any(String) as string });
    paid = { id, gatewayReference, gatewayTransactionId: String(read?.data?.['gatewayTransactionId']) };
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('finds the payment by order id, gateway reference, gateway number or initiator, with other filters, own tenant only', async () => {
    const searches = [
      `sourceTransactionId=${orderId}`,
      `gatewayReference=${paid.gatewayReference}`,
      `gatewayTransactionId=${paid.gatewayTransactionId}`,
      `initiatedByUserId=cashier-7&status=SUCCEEDED&gatewayType=MOMO`,
    ];
    for (const search of searches) {
      const found = await items(`/api/v1/ppm/transactions?${search}`, viewer);
      expect([search, found.map((t) => t['id'])]).toEqual([search, [paid.id]]);
      expect(await items(`/api/v1/ppm/transactions?${search}`, otherAdmin)).toEqual([]);
    }
    expect((await items(`/api/v1/ppm/transactions?sourceTransactionId=${orderId}`, viewer))[0]).toMatchObject({
      gatewayReference: paid.gatewayReference,
      gatewayTransactionId: paid.gatewayTransactionId,
      amount: 150_000,
      currency: 'VND',
    });
    expect(await items(`/api/v1/ppm/transactions?sourceTransactionId=${orderId}&status=FAILED`, viewer)).toEqual([]);
    const bad = await get('/api/v1/ppm/transactions?gatewayReference=&initiatedByUserId=', viewer);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.fields?.map((f) => f.field).sort()).toEqual([
      'gatewayReference',
      'initiatedByUserId',
    ]);
  });

  it('lists a payment’s refunds and reads one refund, for its tenant only', async () => {
    const refund = await call('POST', `/api/v1/ppm/transactions/${paid.id}/refund`, operator, {
      amount: 50_000,
      reason: 'damaged',
    });
    expect(refund.status).toBe(201);
    refundId = String(refund.body.data?.['refundId']);
    const refunds = await items(`/api/v1/ppm/transactions/${paid.id}/refunds`, viewer);
    expect(refunds).toEqual([
      expect.objectContaining({ id: refundId, transactionId: paid.id, amount: 50_000, currency: 'VND' }),
    ]);
    const one = await get(`/api/v1/ppm/refunds/${refundId}`, viewer);
    expect(one).toMatchObject({ status: 200, body: { data: { id: refundId, amount: 50_000, reason: 'damaged' } } });

    expect(await get(`/api/v1/ppm/transactions/${paid.id}/refunds`, otherAdmin)).toMatchObject({
      status: 404,
      body: { error: { code: 'TRANSACTION_NOT_FOUND' } },
    });
    expect(await get(`/api/v1/ppm/refunds/${refundId}`, otherAdmin)).toMatchObject({
      status: 404,
      body: { error: { code: 'REFUND_NOT_FOUND' } },
    });
    expect((await get('/api/v1/ppm/refunds/not-a-uuid', viewer)).status).toBe(400);
    expect((await fetch(`${gatewayUrl}/api/v1/ppm/refunds/${refundId}`)).status).toBe(401);
  });

  it('shows admins and operators the audit log, filtered and paged; viewers and other tenants get nothing', async () => {
    const byOperator = await items(`/api/v1/ppm/audit?actorId=user-ppm.operator&resourceId=${paid.id}`, admin);
    expect(byOperator.length).toBeGreaterThan(0);
    for (const record of byOperator) {
      expect(record).toMatchObject({ actorType: 'USER', actorId: 'user-ppm.operator', resourceId: paid.id });
    }
    const configuration = await items(`/api/v1/ppm/audit?resourceType=gateway_configuration`, operator);
    expect(configuration.map((r) => [r['resourceId'], r['actorId']])).toContainEqual([
      configurationId,
      'user-ppm.admin',
    ]);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const all = await items(`/api/v1/ppm/audit?from=${since}&limit=200`, admin);
    expect(all.length).toBeGreaterThan(2);
    const paged: unknown[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await get(`/api/v1/ppm/audit?from=${since}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, admin);
      paged.push(...(page.body.data?.items ?? []).map((r) => r['id']));
      cursor = page.body.data?.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.map((r) => r['id']));

    expect(await get('/api/v1/ppm/audit', viewer)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await items('/api/v1/ppm/audit', otherAdmin)).toEqual([]);
    expect((await get('/api/v1/ppm/audit?actorType=ROBOT', admin)).status).toBe(400);
  });

  it('streams a filtered CSV export over several pages, amounts in minor units, formulas defused', async () => {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      // More payments than two pages of transaction.list, written as the command service would have, and one whose
      // caller-supplied ids look like spreadsheet formulas.
      const suffix = randomBytes(4).toString('hex');
      await db.query(
        `INSERT INTO payment_transactions (tenant_id, amount, currency, payment_method_type, status,
           source_bounded_context, source_transaction_id, gateway_type, gateway_reference, created_at, updated_at)
         SELECT $1, 1000 * g, 'VND', 'E_WALLET', 'SUCCEEDED', 'export', 'EXP-' || g, 'VNPAY', $2 || g,
                now() - g * interval '1 second', now() - g * interval '1 second'
           FROM generate_series(1, $3::int) g`,
        [tenantA, `EXP${suffix}-`, EXPORTED - 1],
      );
      await db.query(
        `INSERT INTO payment_transactions (tenant_id, amount, currency, payment_method_type, status,
           source_bounded_context, source_transaction_id, gateway_type, created_at, updated_at)
         VALUES ($1, 99000, 'VND', 'E_WALLET', 'FAILED', 'export', '=HYPERLINK("http://evil.example","x")', 'VNPAY',
                 now() - interval '1 hour', now())`,
        [tenantA],
      );
      const { rows } = await db.query<{ id: string; amount: string }>(
        `SELECT id, amount::text AS amount FROM payment_transactions
          WHERE tenant_id = $1 AND source_bounded_context = 'export' ORDER BY created_at DESC, id DESC`,
        [tenantA],
      );
      expect(rows).toHaveLength(EXPORTED);

      const response = await csv('?sourceBoundedContext=export', viewer);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="transactions.csv"');
      // Streamed as it is paged: no length known up front.
      expect(response.headers.get('content-length')).toBeNull();
      const lines = (await response.text()).split('\r\n');
      expect(lines.pop()).toBe('');
      const [header, ...data] = lines;
      const columns = (header ?? '').split(',');
      expect(columns).toEqual(expect.arrayContaining(['id', 'amount_minor', 'currency', 'source_transaction_id']));
      expect(data).toHaveLength(EXPORTED);
      expect(data.map((line) => line.split(',')[0])).toEqual(rows.map((r) => r.id));
      const amount = columns.indexOf('amount_minor');
      const currency = columns.indexOf('currency');
      const formula = data.find((line) => line.includes('HYPERLINK'));
      expect(formula).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
      for (const [i, line] of data.filter((l) => l !== formula).entries()) {
        const cells = line.split(',');
        expect([i, cells[amount], cells[currency]]).toEqual([i, rows.find((r) => r.id === cells[0])?.amount, 'VND']);
      }

      const failed = await (await csv('?sourceBoundedContext=export&status=FAILED', viewer)).text();
      expect(failed.split('\r\n').filter(Boolean)).toHaveLength(2);
      expect((await (await csv('?sourceBoundedContext=export', otherAdmin)).text()).split('\r\n')).toEqual([
        header,
        '',
      ]);
      const bad = await csv('?currency=VND&amountMin=10&amountMax=5', viewer);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as Body).error?.code).toBe('VALIDATION_ERROR');
      expect((await csv('?limit=5', viewer)).status).toBe(400);
      expect((await fetch(`${gatewayUrl}/api/v1/ppm/transactions/export.csv`)).status).toBe(401);
    } finally {
      await db.end();
    }
  });
});
