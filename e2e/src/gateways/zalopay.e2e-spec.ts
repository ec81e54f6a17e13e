import { newReference, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

describe('ZaloPay adapter against the sandbox over HTTP', () => {
  let fx: GatewayFixture;
  const createdAt = new Date();
  const create = (reference: string) =>
    fx.gateway.createPayment({
      reference,
      requestId: reference,
      amount: 150_000n,
      description: 'Thanh toan don hang ORD-1001',
      paymentMethod: 'E_WALLET',
      returnUrl: 'http://127.0.0.1:3002/api/v1/ppm/gateway/return/zalopay',
      notifyUrl: fx.notifyUrl,
      clientIp: '127.0.0.1',
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 15 * 60_000),
    });
  const query = (gatewayReference: string) =>
    fx.gateway.queryPayment({
      gatewayReference,
      requestId: newReference(),
      createdAt,
      now: new Date(),
      clientIp: '127.0.0.1',
    });

  beforeAll(async () => {
    fx = await startGatewayFixture('ZALOPAY');
  });
  afterAll(() => fx?.stop());

  it('pays: callback verified with key2, query says paid, refunds settle asynchronously and cannot exceed the capture', async () => {
    const created = await create(newReference());
    expect(created.gatewayReference).toMatch(/^\d{6}_[0-9a-f]{16}$/);
    expect(await query(created.gatewayReference)).toMatchObject({ outcome: 'pending' });

    await fx.control.complete('ZALOPAY', created.gatewayReference, 'succeeded');
    const [callback] = await fx.recorder.waitFor('/zalopay');
    const check = fx.gateway.verifyCallback(callback);
    expect(check).toMatchObject({
      ok: true,
      value: { gatewayReference: created.gatewayReference, amount: 150_000n },
    });

    const paid = await query(created.gatewayReference);
    expect(paid.outcome).toBe('succeeded');
    expect(check.ok && check.value.gatewayTransactionId).toBe(paid.gatewayTransactionId);

    const refund = (amount: bigint) =>
      fx.gateway.refund({
        refundRequestId: newReference(),
        gatewayReference: created.gatewayReference,
        gatewayTransactionId: paid.gatewayTransactionId ?? '',
        amount,
        paymentAmount: 150_000n,
        paymentCreatedAt: createdAt,
        reason: 'Customer returned the goods',
        requestedBy: 'operator-1',
        now: new Date(),
        clientIp: '127.0.0.1',
      });
    const partial = await refund(50_000n);
    expect(partial.outcome).toBe('pending');
    expect(partial.refundRequestId).toMatch(
      new RegExp(`^\\d{6}_${(fx.account.credentials as { appId: string }).appId}_`),
    );
    let settled = partial;
    for (let i = 0; i < 50 && settled.outcome === 'pending'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      settled = await fx.gateway.queryRefund({ refundRequestId: partial.refundRequestId, now: new Date() });
    }
    expect(settled.outcome).toBe('succeeded');
    expect(await refund(100_001n)).toMatchObject({ outcome: 'failed' });
  });

  it('sends no callback for a failed payment, which only a query reveals', async () => {
    const created = await create(newReference());
    const before = fx.recorder.received.length;
    await fx.control.complete('ZALOPAY', created.gatewayReference, 'failed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fx.recorder.received.length).toBe(before);
    expect(await query(created.gatewayReference)).toMatchObject({ outcome: 'failed' });
  });
});
