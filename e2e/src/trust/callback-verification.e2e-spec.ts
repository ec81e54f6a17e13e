import { randomBytes, randomUUID } from 'node:crypto';
import { Subjects, type ProcessPaymentReply } from '@ppm/contracts';
import { gmt7Timestamp, vnpaySignParams } from '@ppm/gateways';
import { PpmStack, type StackTenant } from '../support/ppm-stack';

// Low enough for a burst to cross it, high enough for every other request of this file.
const RATE_LIMIT_PER_SOURCE = 20;
const UNVERIFIED_MAX_CHARS = 2_048;
const BODY_LIMIT_BYTES = 65_536;

// Who may settle a payment: only the configuration that opened it. A tenant keeps a second VNPay configuration of
// the same tmnCode with another secret (a test or rotated one, deactivated); an IPN it signs must change nothing.
// And what the webhook endpoints let through at all: known gateways only, a rate per source, the allowlist.
describe('gateway callbacks are verified only by the configuration that opened the payment', () => {
  let stack: PpmStack;
  let active: { tmnCode: string; hashSecret: string };
  let otherSecret: string;

  const secret = (): string => randomBytes(16).toString('hex');
  const webhookUrl = (slug: string): string => `${stack.workerUrl}/api/v1/internal/ppm/gateway/webhook/${slug}`;

  /** A successful payment's IPN as VNPay sends it, signed with `hashSecret`. */
  const ipn = (tmnCode: string, reference: string, hashSecret: string): string => {
    const params: Record<string, string> = {
      vnp_Amount: String(150_000 * 100),
      vnp_BankCode: 'NCB',
      vnp_BankTranNo: 'VNP14412345',
      vnp_CardType: 'ATM',
      vnp_OrderInfo: 'Order e2e',
      vnp_PayDate: gmt7Timestamp(new Date()),
      vnp_ResponseCode: '00',
      vnp_TmnCode: tmnCode,
      vnp_TransactionNo: '14412345',
      vnp_TransactionStatus: '00',
      vnp_TxnRef: reference,
    };
    const query = new URLSearchParams({ ...params, vnp_SecureHash: vnpaySignParams(params, hashSecret) });
    return `${webhookUrl('vnpay')}?${query.toString()}`;
  };
  const deliver = async (url: string): Promise<unknown> => (await fetch(url)).json();

  const addVnpayConfiguration = async (name: string, hashSecret: string): Promise<string> => {
    const added = await stack.ok<{ id: string }>(Subjects.command.gatewayConfigAdd, {
      gatewayType: 'VNPAY',
      name,
      credentials: { tmnCode: active.tmnCode, hashSecret },
      baseUrl: stack.sandboxUrl,
      supportedPaymentMethods: ['E_WALLET'],
    });
    return added.id;
  };
  const deactivate = (id: string) => stack.ok(Subjects.command.gatewayConfigUpdate, { id, isActive: false });
  // What a forged callback must not change: the payment's status and version, read from its row (the query
  // service's cache could still show the state before a change).
  const state = async (payment: ProcessPaymentReply): Promise<{ status: string; version: number }> => {
    const [row] = await stack.rows<{ status: string; version: number }>(
      `SELECT status, version FROM payment_transactions WHERE id = $1`,
      [payment.transactionId],
    );
    if (!row) throw new Error(`no payment ${payment.transactionId}`);
    return row;
  };

  beforeAll(async () => {
    stack = await PpmStack.start({
      title: 'callback verification',
      workerEnv: {
        WEBHOOK_RATE_LIMIT_PER_SOURCE: String(RATE_LIMIT_PER_SOURCE),
        WEBHOOK_UNVERIFIED_MAX_CHARS: String(UNVERIFIED_MAX_CHARS),
        WEBHOOK_BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES),
        WEBHOOK_SOURCE_ALLOWLIST_ZALOPAY: '203.0.113.0/24,2001:db8::/32',
        // The test plays the proxy in front of the worker, so each test can speak for its own client address.
        TRUST_PROXY: '127.0.0.1',
      },
    });
    active = stack.tenant.credentials.VNPAY as { tmnCode: string; hashSecret: string };
    otherSecret = secret();
    await deactivate(await addVnpayConfiguration('VNPAY second, same tmnCode', otherSecret));
  }, 180_000);

  afterAll(() => stack?.stop(), 60_000);

  it("an IPN signed by the tenant's other (inactive) configuration of the same tmnCode → 97, payment unchanged; the right one → 00", async () => {
    const payment = await stack.pay('VNPAY');
    const reference = payment.gatewayReference ?? '';
    const before = await state(payment);
    expect(before.status).toBe('PROCESSING');

    expect(await deliver(ipn(active.tmnCode, reference, otherSecret))).toEqual({
      RspCode: '97',
      Message: 'Invalid signature',
    });
    const [forged] = await stack.webhooksOf(reference);
    expect(forged).toMatchObject({ verification: 'BAD_SIGNATURE', processingStatus: 'REJECTED' });
    expect(await state(payment)).toEqual(before);

    expect(await deliver(ipn(active.tmnCode, reference, active.hashSecret))).toEqual({
      RspCode: '00',
      Message: 'Confirm Success',
    });
    await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    stack.checks.record(
      'VNPAY: IPN signed with the inactive same-tmnCode configuration → 97, stored BAD_SIGNATURE, payment unchanged (PROCESSING); ' +
        'signed by the configuration that opened it → 00, SUCCEEDED',
    );
  });

  it('a configuration deactivated after opening a payment still verifies that payment’s IPN, and only its own', async () => {
    const rotatedSecret = secret();
    const rotated = await addVnpayConfiguration('VNPAY rotated', rotatedSecret);
    // VNPay's order exists once the browser opens the page, which the sandbox (knowing only the first secret)
    // would refuse here; PPM's payment is in flight all the same, and this test plays VNPay itself.
    const own = await stack.ok<ProcessPaymentReply>(Subjects.command.paymentProcess, {
      sourceBoundedContext: 'orders',
      sourceTransactionId: `ORD-${secret()}`,
      amount: 150_000,
      currency: 'VND',
      paymentMethodType: 'E_WALLET',
      description: 'Order e2e',
      returnUrl: 'https://shop.example/return',
      gatewayConfigurationId: rotated,
    });
    const foreign = await stack.pay('VNPAY');
    await deactivate(rotated);
    const foreignBefore = await state(foreign);

    expect(await deliver(ipn(active.tmnCode, foreign.gatewayReference ?? '', rotatedSecret))).toMatchObject({
      RspCode: '97',
    });
    expect(await deliver(ipn(active.tmnCode, own.gatewayReference ?? '', rotatedSecret))).toMatchObject({
      RspCode: '00',
    });
    await stack.waitForStatus(own.transactionId, 'SUCCEEDED');
    expect(await state(foreign)).toEqual(foreignBefore);
    stack.checks.record(
      'VNPAY: a configuration deactivated after opening a payment settles that payment (00) and not another one ' +
        'of the same tmnCode (97, unchanged)',
    );
  });

  it('an IPN of an order no payment has → 01 only when an active configuration of the merchant signed it, else 97', async () => {
    const unknown = `NOPE${secret().slice(0, 12)}`;
    expect(await deliver(ipn(active.tmnCode, unknown, active.hashSecret))).toEqual({
      RspCode: '01',
      Message: 'Order not found',
    });
    expect(await deliver(ipn(active.tmnCode, unknown, otherSecret))).toEqual({
      RspCode: '97',
      Message: 'Invalid signature',
    });
    const rows = await stack.webhooksOf(unknown);
    expect(rows.map((w) => [w.verification, w.processingStatus])).toEqual([
      ['VERIFIED', 'REJECTED'],
      ['BAD_SIGNATURE', 'REJECTED'],
    ]);
    stack.checks.record(
      'VNPAY: unknown order → 01 signed by the active configuration, 97 by the inactive one; both stored',
    );
  });

  it("a merchant account two tenants share: the gateway's IPN settles the payment of the tenant that opened it", async () => {
    const tenantId = randomUUID();
    const shared = await stack.ok<{ id: string }>(
      Subjects.command.gatewayConfigAdd,
      {
        gatewayType: 'VNPAY',
        name: 'VNPAY shared merchant',
        credentials: active,
        baseUrl: stack.sandboxUrl,
        supportedPaymentMethods: ['E_WALLET'],
      },
      { tenantId },
    );
    const second: StackTenant = {
      ...stack.tenant,
      tenantId,
      configurationIds: { ...stack.tenant.configurationIds, VNPAY: shared.id },
    };
    const payment = await stack.pay('VNPAY', { tenant: second });

    // The sandbox signs with the one secret both configurations hold; the first tenant's configuration is older.
    const completed = await stack.complete('VNPAY', payment, 'succeeded');
    expect(completed.delivery).toMatchObject({ acknowledged: true, attempts: 1 });
    await stack.waitForStatus(payment.transactionId, 'SUCCEEDED', { tenant: second });
    const [row] = await stack.rows<{ tenant_id: string }>(
      `SELECT tenant_id FROM webhook_events WHERE strpos(raw_query, $1) > 0`,
      [payment.gatewayReference ?? ''],
    );
    expect(row?.tenant_id).toBe(tenantId);
    stack.checks.record(
      "VNPAY: two tenants on one merchant account → the sandbox's IPN acknowledged at once, the second tenant's " +
        'payment SUCCEEDED, its webhook row in that tenant',
    );
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'paypal'])(
    'GET and POST /webhook/%s → 404',
    async (slug) => {
      const get = await fetch(webhookUrl(slug));
      const post = await fetch(webhookUrl(slug), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect([get.status, post.status]).toEqual([404, 404]);
      stack.checks.record(`/webhook/${slug}: GET and POST → 404`);
    },
  );

  // The burst comes from an address of its own (forwarded by the trusted proxy on 127.0.0.1), so nothing else of
  // this file counted in its window. A fixed window may still end mid-burst, so the burst is 2 × limit + 5: its
  // first `limit` requests are always admitted, at most `limit` per window are, and it spans at most two windows.
  it(`a burst over the per-source limit (${RATE_LIMIT_PER_SOURCE}/min) → 429s, nothing stored for them`, async () => {
    const marker = `burst-${secret()}`;
    const source = `198.51.100.${1 + (randomBytes(1).readUInt8() % 254)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 2 * RATE_LIMIT_PER_SOURCE + 5; i += 1) {
      const response = await fetch(webhookUrl('momo'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': source },
        body: JSON.stringify({ partnerCode: marker, orderId: `${marker}-${i}` }),
      });
      statuses.push(response.status);
    }
    const refused = statuses.filter((s) => s === 429).length;
    expect(statuses.slice(0, RATE_LIMIT_PER_SOURCE)).not.toContain(429);
    expect(refused).toBeGreaterThanOrEqual(5);
    expect(await momoRows(marker)).toBe(statuses.length - refused);
    // The limit is per gateway: VNPay's endpoint still answers this source.
    const vnpay = await fetch(ipn(active.tmnCode, `NOPE${secret().slice(0, 8)}`, active.hashSecret), {
      headers: { 'x-forwarded-for': source },
    });
    expect(await vnpay.json()).toMatchObject({ RspCode: '01' });
    stack.checks.record(
      `MOMO: ${statuses.length} requests from one source → the first ${RATE_LIMIT_PER_SOURCE} handled, ` +
        `${refused} × 429 stored nothing, every other one stored; VNPay still answers it`,
    );
  });

  it('behind the trusted proxy, the address it forwards is the source: one inside the allowlist is let through', async () => {
    const marker = `forwarded-${secret()}`;
    const callback = (forwardedFor: string) =>
      fetch(webhookUrl('zalopay'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ data: JSON.stringify({ app_id: 1, app_trans_id: marker }), mac: 'ab', type: 1 }),
      });
    expect((await callback('198.51.100.7')).status).toBe(403);
    expect(await stack.webhooksOf(marker)).toEqual([]);
    expect((await callback('203.0.113.5')).status).not.toBe(403);
    const stored = await stack.webhooksOf(marker);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.verification).not.toBe('VERIFIED');
    stack.checks.record(
      'ZALOPAY: allowlist 203.0.113.0/24, TRUST_PROXY=127.0.0.1 → forwarded for 198.51.100.7 refused 403; ' +
        'for 203.0.113.5 let through (stored, failing verification)',
    );
  });

  it('a source outside the gateway’s allowlist → 403 and nothing stored', async () => {
    const marker = `allow-${secret()}`;
    const response = await fetch(webhookUrl('zalopay'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: JSON.stringify({ app_id: 1, app_trans_id: marker }), mac: 'ab', type: 1 }),
    });
    expect(response.status).toBe(403);
    expect(await stack.webhooksOf(marker)).toEqual([]);
    stack.checks.record('ZALOPAY: allowlist 203.0.113.0/24 → a callback from 127.0.0.1 refused 403, no row');
  });

  it('an unverified callback is stored cut to the cap; a body over the limit is refused 413', async () => {
    const marker = `big-${secret()}`;
    const body = JSON.stringify({ partnerCode: `NOBODY-${marker}`, orderId: marker, padding: 'x'.repeat(20_000) });
    const refused = await fetch(webhookUrl('vnpay'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(refused.status).toBe(200);
    const [row] = await stack.rows<{ length: number; verification: string }>(
      `SELECT length(raw_body) AS length, verification FROM webhook_events WHERE strpos(raw_body, $1) > 0`,
      [marker],
    );
    expect(row).toEqual({ length: UNVERIFIED_MAX_CHARS, verification: 'MALFORMED' });

    const tooLarge = await fetch(webhookUrl('vnpay'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT_BYTES) }),
    });
    expect(tooLarge.status).toBe(413);
    stack.checks.record(
      `unverified callback of ${body.length} chars stored as ${UNVERIFIED_MAX_CHARS}; a body over ` +
        `${BODY_LIMIT_BYTES} bytes → 413`,
    );
  });

  async function momoRows(partnerCode: string): Promise<number> {
    const [row] = await stack.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_events WHERE gateway_type = 'MOMO' AND strpos(raw_body, $1) > 0`,
      [partnerCode],
    );
    return row?.n ?? 0;
  }
});
