import type { GatewayAccount, MomoCredentials } from '@ppm/gateways';
import { newReference, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

describe('MoMo adapter against the sandbox over HTTP', () => {
  let fx: GatewayFixture;
  const reference = newReference();
  const createdAt = new Date();
  const order = () => ({
    reference,
    requestId: reference,
    amount: 150_000n,
    description: 'Thanh toan don hang ORD-1001',
    paymentMethod: 'E_WALLET' as const,
    returnUrl: 'http://127.0.0.1:3002/api/v1/ppm/gateway/return/momo',
    notifyUrl: fx.notifyUrl,
    clientIp: '127.0.0.1',
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 15 * 60_000),
  });

  beforeAll(async () => {
    fx = await startGatewayFixture('MOMO');
  });
  afterAll(() => fx?.stop());

  it('creates an order and refuses the same requestId twice with MoMo code 40', async () => {
    const created = await fx.gateway.createPayment(order());
    expect(created.paymentUrl).toContain(fx.sandboxUrl);
    // MoMo holds an order for that requestId: whether it is ours is unknown, so it is never read as a refusal.
    await expect(fx.gateway.createPayment(order())).rejects.toMatchObject({
      code: 'GATEWAY_ERROR',
      outcome: 'unknown',
      rawCode: '40',
    });
  });

  it('is refused when signing with the wrong secret', async () => {
    const credentials = { ...(fx.account.credentials as MomoCredentials), secretKey: 'not-the-secret' };
    const wrong = fx.gateways.forAccount({ ...fx.account, credentials } as GatewayAccount);
    await expect(
      wrong.createPayment({ ...order(), reference: newReference(), requestId: newReference() }),
    ).rejects.toMatchObject({
      code: 'GATEWAY_ERROR',
      // MoMo signs its refusal with the real secret: with ours it cannot be verified, so it is no refusal either.
      outcome: 'unknown',
      rawCode: '11',
    });
  });

  it('receives a signed IPN after payment and verifies it', async () => {
    await fx.control.complete('MOMO', reference, 'succeeded');
    const [ipn] = await fx.recorder.waitFor('/momo');
    expect(fx.gateway.verifyCallback(ipn)).toMatchObject({
      ok: true,
      value: { gatewayReference: reference, amount: 150_000n, outcome: 'succeeded' },
    });
  });

  it('queries the order and refunds in part, the rest, then refuses more than was captured; a resent refund is unknown, not declined', async () => {
    const status = await fx.gateway.queryPayment({
      gatewayReference: reference,
      requestId: newReference(),
      createdAt,
      now: new Date(),
      clientIp: '127.0.0.1',
    });
    expect(status.outcome).toBe('succeeded');
    const refund = (amount: bigint, refundRequestId = newReference()) =>
      fx.gateway.refund({
        refundRequestId,
        gatewayReference: reference,
        gatewayTransactionId: status.gatewayTransactionId ?? '',
        amount,
        paymentAmount: 150_000n,
        paymentCreatedAt: createdAt,
        reason: 'Customer returned the goods',
        requestedBy: 'operator-1',
        now: new Date(),
        clientIp: '127.0.0.1',
      });
    const first = newReference();
    expect(await refund(50_000n, first)).toMatchObject({ outcome: 'succeeded' });
    // Sent again (its first answer lost): MoMo refuses the known requestId, which must not read as a declined refund.
    const resent = refund(50_000n, first);
    await expect(resent).rejects.toMatchObject({ code: 'GATEWAY_ERROR', outcome: 'unknown', rawCode: '40' });
    await expect(resent).rejects.toThrow(/outcome is unknown/);
    expect(await refund(100_000n)).toMatchObject({ outcome: 'succeeded' });
    expect(await refund(1_000n)).toMatchObject({ outcome: 'failed' });
  });
});
