import { newReference, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

describe('VNPay adapter against the sandbox over HTTP', () => {
  let fx: GatewayFixture;
  const reference = newReference();
  const createdAt = new Date();

  beforeAll(async () => {
    fx = await startGatewayFixture('VNPAY');
  });
  afterAll(() => fx?.stop());

  it('creates a payment URL the sandbox accepts, and a tampered one it refuses with code 70', async () => {
    const created = await fx.gateway.createPayment({
      reference,
      requestId: reference,
      amount: 150_000n,
      description: 'Thanh toán đơn hàng ORD-1001',
      paymentMethod: 'ATM_CARD',
      returnUrl: 'http://127.0.0.1:3002/api/v1/ppm/gateway/return/vnpay',
      notifyUrl: fx.notifyUrl,
      clientIp: '127.0.0.1',
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 15 * 60_000),
    });
    const page = await (await fetch(created.paymentUrl)).text();
    expect(page).not.toContain('data-vnp-error');
    expect(page).toContain('150');

    const tampered = created.paymentUrl.replace('vnp_Amount=15000000', 'vnp_Amount=100');
    expect(await (await fetch(tampered)).text()).toMatch(/data-vnp-error="70"/);
  });

  it('receives a signed IPN after the customer pays, again when the first reply asks for it, and verifies it', async () => {
    fx.refuseNext(1);
    await fx.control.complete('VNPAY', reference, 'succeeded');
    const [first, second] = await fx.recorder.waitFor('/vnpay', 2);
    expect(first.method).toBe('GET');
    const check = fx.gateway.verifyCallback(first);
    expect(check).toMatchObject({
      ok: true,
      value: { gatewayReference: reference, amount: 150_000n, outcome: 'succeeded' },
    });
    expect(fx.gateway.verifyCallback(second)).toEqual(check);
  });

  it('queries the paid order and refunds it in part, then the rest, then refuses one more', async () => {
    const status = await fx.gateway.queryPayment({
      gatewayReference: reference,
      requestId: newReference(),
      createdAt,
      now: new Date(),
      clientIp: '127.0.0.1',
    });
    expect(status).toMatchObject({ outcome: 'succeeded', amount: 150_000n });
    const refund = (amount: bigint) =>
      fx.gateway.refund({
        refundRequestId: newReference(),
        gatewayReference: reference,
        gatewayTransactionId: status.gatewayTransactionId ?? '',
        amount,
        paymentAmount: 150_000n,
        paymentCreatedAt: createdAt,
        reason: 'Khách trả hàng',
        requestedBy: 'operator-1',
        now: new Date(),
        clientIp: '127.0.0.1',
      });
    expect(await refund(50_000n)).toMatchObject({ outcome: 'succeeded', rawCode: '00' });
    expect(await refund(100_000n)).toMatchObject({ outcome: 'succeeded', rawCode: '00' });
    expect(await refund(1n)).toMatchObject({ outcome: 'failed' });
  });

  it('reports an order it never saw as not found', async () => {
    const status = await fx.gateway.queryPayment({
      gatewayReference: newReference(),
      requestId: newReference(),
      createdAt,
      now: new Date(),
      clientIp: '127.0.0.1',
    });
    expect(status.outcome).toBe('not_found');
  });
});
