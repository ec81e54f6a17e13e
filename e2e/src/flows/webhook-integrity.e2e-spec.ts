import { EventTypes } from '@ppm/contracts';
import { momoSign, type GatewayType } from '@ppm/gateways';
import { eventually } from '@ppm/testing';
import { PpmStack } from '../support/ppm-stack';

const STORM = 40;

// What reaches the worker's webhook endpoints beyond the one honest delivery: the same signed callback many times
// at once (gateways redeliver, proxies retry), and a callback someone altered. VNPay's storm and bad signature are
// proven in e2e/src/webhooks/webhooks.e2e-spec.ts; here the POST gateways, counted through to RabbitMQ and the rows.
describe('webhook integrity through every PPM process', () => {
  let stack: PpmStack;

  /** The first stored copy of the callback that completed `gatewayReference`, as the gateway sent it. */
  const storedCallback = async (gatewayReference: string): Promise<{ body: string }> => {
    const [row] = await stack.rows<{ raw_body: string }>(
      `SELECT raw_body FROM webhook_events WHERE strpos(raw_body, $1) > 0 ORDER BY received_at LIMIT 1`,
      [gatewayReference],
    );
    if (!row) throw new Error(`no stored callback names ${gatewayReference}`);
    return { body: row.raw_body };
  };
  const post = (gatewayType: GatewayType, body: string) =>
    fetch(`${stack.workerUrl}/api/v1/internal/ppm/gateway/webhook/${gatewayType.toLowerCase()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

  beforeAll(async () => {
    stack = await PpmStack.start({ title: 'webhook integrity' });
  }, 180_000);

  afterAll(() => stack?.stop(), 60_000);

  it.each(['MOMO', 'ZALOPAY'] as const)(
    `%s: the same signed callback ${STORM} times at once → acknowledged every time, one state change, one event`,
    async (gatewayType) => {
      const payment = await stack.pay(gatewayType);
      await stack.complete(gatewayType, payment, 'succeeded');
      const { body } = await storedCallback(payment.gatewayReference ?? '');
      const versionBefore = (await stack.waitForStatus(payment.transactionId, 'SUCCEEDED')).version;

      const replies = await Promise.all(
        Array.from({ length: STORM }, async () => {
          const response = await post(gatewayType, body);
          return { status: response.status, body: await response.text() };
        }),
      );
      const acknowledged = (r: { status: number; body: string }) =>
        gatewayType === 'MOMO' ? r.status === 204 : (JSON.parse(r.body) as { return_code: number }).return_code === 1;
      expect(replies.filter((r) => !acknowledged(r))).toEqual([]);

      const rows = await eventually(
        () => stack.webhooksOf(payment.gatewayReference ?? ''),
        (found) => found.length === STORM + 1 && found.every((w) => w.processingStatus !== 'PENDING'),
        { what: `${STORM + 1} settled webhook rows for ${payment.transactionId}` },
      );
      const statuses = rows.map((w) => w.processingStatus);
      expect(statuses.filter((s) => s === 'APPLIED')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'DUPLICATE')).toHaveLength(STORM);
      const view = await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
      expect(view.version).toBe(versionBefore);
      // The relay is prompt; a second succeeded event would follow the first within the same poll.
      await stack.events.waitFor(payment.transactionId, EventTypes.paymentSucceeded);
      await stack.events.waitFor(payment.transactionId, EventTypes.paymentCreated);
      expect(stack.events.events(payment.transactionId, EventTypes.paymentSucceeded)).toHaveLength(1);
      stack.checks.record(
        `${gatewayType}: ${STORM} copies of the applied callback at once → all acknowledged, rows 1 APPLIED + ` +
          `${STORM} DUPLICATE, version unchanged (v${view.version}), 1 × payment.succeeded.v1`,
      );
    },
  );

  it(`MOMO: ${STORM} copies of a callback nobody has applied yet, at once → one APPLIED, the rest duplicates`, async () => {
    const payment = await stack.pay('MOMO');
    const { partnerCode = '', accessKey, secretKey = '' } = stack.tenant.credentials.MOMO;
    // The test is MoMo here: it signs the IPN with the merchant's key, so every copy races for the first apply.
    const ipn = {
      partnerCode,
      orderId: payment.gatewayReference,
      requestId: payment.gatewayReference,
      amount: 150_000,
      orderInfo: 'Order e2e',
      orderType: 'momo_wallet',
      transId: 4_100_000_000 + Math.floor(Math.random() * 1_000_000),
      resultCode: 0,
      message: 'Successful.',
      payType: 'qr',
      responseTime: Date.now(),
      extraData: '',
    };
    const body = JSON.stringify({ ...ipn, signature: momoSign('ipn', { ...ipn, accessKey }, secretKey) });

    const replies = await Promise.all(Array.from({ length: STORM }, () => post('MOMO', body).then((r) => r.status)));
    // 204 acknowledges; a copy that lost a write race may be told to come again (503), and our own loop retries it.
    expect(replies.filter((status) => status !== 204 && status !== 503)).toEqual([]);

    const rows = await eventually(
      () => stack.webhooksOf(payment.gatewayReference ?? ''),
      (found) => found.length === STORM && found.every((w) => w.processingStatus !== 'PENDING'),
      { what: `${STORM} settled webhook rows for ${payment.transactionId}` },
    );
    expect(rows.filter((w) => w.processingStatus === 'APPLIED')).toHaveLength(1);
    expect(rows.filter((w) => w.processingStatus === 'DUPLICATE')).toHaveLength(STORM - 1);
    const view = await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    expect(view.version).toBe(3);
    await stack.events.waitFor(payment.transactionId, EventTypes.paymentSucceeded);
    await stack.events.waitFor(payment.transactionId, EventTypes.paymentCreated);
    expect(stack.events.events(payment.transactionId, EventTypes.paymentSucceeded)).toHaveLength(1);
    const acknowledged = replies.filter((status) => status === 204).length;
    stack.checks.record(
      `MOMO: ${STORM} copies of a fresh signed IPN racing for the first apply → ${acknowledged} acknowledged at ` +
        `once, rows 1 APPLIED + ${STORM - 1} DUPLICATE, SUCCEEDED at v3, 1 × payment.succeeded.v1`,
    );
  });

  it('MOMO: a callback altered after signing is refused, stored as BAD_SIGNATURE/REJECTED, and changes nothing', async () => {
    const paid = await stack.pay('MOMO');
    await stack.complete('MOMO', paid, 'succeeded');
    const { body } = await storedCallback(paid.gatewayReference ?? '');
    const victim = await stack.pay('MOMO');
    // Someone replays a genuine success but points it at another order (and another amount).
    const tampered = JSON.stringify({
      ...(JSON.parse(body) as Record<string, unknown>),
      orderId: victim.gatewayReference,
      requestId: victim.gatewayReference,
      amount: 1_000,
    });

    const response = await post('MOMO', tampered);
    expect(response.status).toBe(401);

    const [row] = await stack.webhooksOf(victim.gatewayReference ?? '');
    expect(row).toMatchObject({ verification: 'BAD_SIGNATURE', processingStatus: 'REJECTED' });
    const view = await stack.waitForStatus(victim.transactionId, 'PROCESSING');
    expect(view.gatewayTransactionId).toBeNull();
    expect(stack.events.events(victim.transactionId, EventTypes.paymentSucceeded)).toHaveLength(0);
    stack.checks.record(
      'MOMO: a success callback re-pointed at another order → 401, stored BAD_SIGNATURE/REJECTED, victim stays PROCESSING',
    );
  });

  it('ZALOPAY: a callback whose data was altered after the mac is refused with return_code -1 and stored as rejected', async () => {
    const payment = await stack.pay('ZALOPAY');
    await stack.complete('ZALOPAY', payment, 'succeeded');
    const { body } = await storedCallback(payment.gatewayReference ?? '');
    const victim = await stack.pay('ZALOPAY');
    const callback = JSON.parse(body) as { data: string; mac: string; type: number };
    const data = JSON.parse(callback.data) as Record<string, unknown>;
    const tampered = JSON.stringify({
      ...callback,
      data: JSON.stringify({ ...data, app_trans_id: victim.gatewayReference }),
    });

    const response = await post('ZALOPAY', tampered);
    expect(JSON.parse(await response.text())).toMatchObject({ return_code: -1 });

    const [row] = await stack.webhooksOf(victim.gatewayReference ?? '');
    expect(row).toMatchObject({ verification: 'BAD_SIGNATURE', processingStatus: 'REJECTED' });
    await stack.waitForStatus(victim.transactionId, 'PROCESSING');
    expect(stack.events.events(victim.transactionId, EventTypes.paymentSucceeded)).toHaveLength(0);
    stack.checks.record(
      'ZALOPAY: data altered after the mac → return_code -1, stored BAD_SIGNATURE/REJECTED, no change',
    );
  });
});
