import { GatewayCallError } from '../port/gateway-call.error';
import type { GatewayHttpClient } from '../resilience/gateway-http-client';
import { localHttpClient } from '../testing/local-http-client';
import { momoCallbackProtocol } from './momo-callback.protocol';
import { momoSign, type MomoMessage } from './momo-signer';
import { MomoGateway } from './momo.gateway';
import { refundRequestOf } from '../testing/refund-request.fixture';

const credentials = { partnerCode: 'PPMDEMO', accessKey: 'PPMACCESSKEY', secretKey: 'ppm-momo-secret' };
const gateway = new MomoGateway('cfg-1', 'http://127.0.0.1:3010', credentials, localHttpClient().http);

const ipn = {
  partnerCode: 'PPMDEMO',
  orderId: 'a1b2c3d4e5f6',
  requestId: 'a1b2c3d4e5f6',
  amount: 150000,
  orderInfo: 'Thanh toan don hang ORD-1001',
  orderType: 'momo_wallet',
  transId: 4088878653,
  resultCode: 0,
  message: 'Successful.',
  payType: 'qr',
  responseTime: 1763796605000,
  extraData: '',
};
const withSignature = (body: Record<string, unknown>, secret = credentials.secretKey) => ({
  ...body,
  signature: momoSign('ipn', { ...body, accessKey: credentials.accessKey }, secret),
});
const raw = (body: unknown) => ({ method: 'POST', query: {}, rawBody: JSON.stringify(body), headers: {} });

describe('MoMo IPN', () => {
  it('verifies the published IPN vector and reads it', () => {
    const body = withSignature(ipn);
    expect(body.signature).toBe('2dc4ba7de43e57c00b855b16742ea434843a0a95cf8183b10b3e1edd3cf718a0');
    expect(gateway.verifyCallback(raw(body))).toMatchObject({
      ok: true,
      value: {
        gatewayReference: 'a1b2c3d4e5f6',
        gatewayTransactionId: '4088878653',
        amount: 150000n,
        outcome: 'succeeded',
      },
    });
  });

  it('reads declines, cancellations and pending codes', () => {
    const outcomeOf = (resultCode: number) => gateway.verifyCallback(raw(withSignature({ ...ipn, resultCode })));
    for (const declined of [1001, 1002, 1005, 1006]) {
      expect(outcomeOf(declined)).toMatchObject({ value: { outcome: 'failed' } });
    }
    for (const cancelled of [1003, 1017]) {
      expect(outcomeOf(cancelled)).toMatchObject({
        value: { outcome: 'cancelled', rawCodes: { resultCode: String(cancelled) } },
      });
    }
    expect(gateway.verifyCallback(raw(withSignature({ ...ipn, resultCode: 7000 })))).toMatchObject({
      value: { outcome: 'pending' },
    });
  });

  it('refuses a changed amount, a wrong key, a missing field and a body that is not JSON', () => {
    expect(gateway.verifyCallback(raw({ ...withSignature(ipn), amount: 150001 }))).toEqual({
      ok: false,
      error: 'BAD_SIGNATURE',
    });
    expect(gateway.verifyCallback(raw(withSignature(ipn, 'wrong-secret')))).toEqual({
      ok: false,
      error: 'BAD_SIGNATURE',
    });
    const withoutTransId: Record<string, unknown> = withSignature(ipn);
    delete withoutTransId['transId'];
    expect(gateway.verifyCallback(raw(withoutTransId))).toEqual({ ok: false, error: 'MALFORMED' });
    expect(gateway.verifyCallback({ method: 'POST', query: {}, rawBody: 'partnerCode=PPMDEMO', headers: {} })).toEqual({
      ok: false,
      error: 'MALFORMED',
    });
  });

  it('names the partner and acknowledges with 204, asking for redelivery with a 5xx', () => {
    expect(momoCallbackProtocol.merchantIdOf(raw(ipn))).toBe('PPMDEMO');
    expect(momoCallbackProtocol.referenceOf(raw(ipn))).toBe(ipn['orderId']);
    expect(momoCallbackProtocol.referenceOf(raw({ ...ipn, orderId: 12345 }))).toBe('12345');
    expect(momoCallbackProtocol.referenceOf({ method: 'POST', query: {}, rawBody: 'null', headers: {} })).toBeNull();
    expect(momoCallbackProtocol.replyFor('APPLIED')).toEqual({ status: 204 });
    expect(momoCallbackProtocol.replyFor('DUPLICATE')).toEqual({ status: 204 });
    expect(momoCallbackProtocol.replyFor('RETRY_LATER').status).toBeGreaterThanOrEqual(500);
  });
});

describe('MoMo answers', () => {
  const refundRequest = refundRequestOf();
  const refundAnswer = (resultCode: number) => ({
    partnerCode: 'PPMDEMO',
    orderId: 'rq0001',
    requestId: 'rq0001',
    amount: 50000,
    transId: 4088878999,
    resultCode,
    message: 'Lỗi hệ thống: liên hệ http://internal.example',
    responseTime: 1763796605000,
  });
  const signedAnswer = (kind: MomoMessage, body: Record<string, unknown>, secret = credentials.secretKey) => ({
    ...body,
    signature: momoSign(kind, { ...body, accessKey: credentials.accessKey }, secret),
  });
  // The adapter over an HTTP client that answers `reply` to every call.
  const answering = (reply: Record<string, unknown>) =>
    new MomoGateway('cfg-1', 'http://momo.test', credentials, {
      postJson: () => Promise.resolve(reply),
    } as unknown as GatewayHttpClient);
  const failureOf = async (call: Promise<unknown>): Promise<GatewayCallError> => {
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof GatewayCallError)) throw new Error(`expected a GatewayCallError, got ${String(error)}`);
    return error;
  };

  it('acts on a refund answer signed with the secretKey', async () => {
    const status = await answering(signedAnswer('refundResponse', refundAnswer(0))).refund(refundRequest);
    expect(status).toMatchObject({ outcome: 'succeeded', gatewayRefundId: '4088878999', rawCode: '0' });
  });

  it('takes a tampered, wrongly keyed or unsigned answer for an unknown outcome, never a decline', async () => {
    const declined = signedAnswer('refundResponse', refundAnswer(1080));
    for (const reply of [
      { ...declined, amount: 150000 },
      { ...declined, resultCode: 0 },
      signedAnswer('refundResponse', refundAnswer(1080), 'another-secret'),
      refundAnswer(1080),
    ]) {
      const error = await failureOf(answering(reply).refund(refundRequest));
      expect(error).toMatchObject({ code: 'GATEWAY_ERROR', outcome: 'unknown' });
    }
    // The same answer, correctly signed, is a decline the refund's amount may be released on.
    expect(await answering(declined).refund(refundRequest)).toMatchObject({ outcome: 'failed', rawCode: '1080' });
  });

  it('verifies create and query answers too', async () => {
    const created = {
      partnerCode: 'PPMDEMO',
      orderId: 'a1b2c3d4e5f6',
      requestId: 'a1b2c3d4e5f6',
      amount: 150000,
      responseTime: 1763796605000,
      message: 'Successful.',
      resultCode: 0,
      payUrl: 'https://pay.test/a1b2c3d4e5f6',
    };
    const createRequest = {
      reference: 'a1b2c3d4e5f6',
      requestId: 'a1b2c3d4e5f6',
      amount: 150_000n,
      description: 'Order 1',
      paymentMethod: 'E_WALLET' as const,
      returnUrl: 'https://shop.test/return',
      notifyUrl: 'https://ppm.test/ipn',
      clientIp: '127.0.0.1',
      createdAt: new Date(),
      expiresAt: new Date(),
    };
    expect(await answering(signedAnswer('createResponse', created)).createPayment(createRequest)).toMatchObject({
      paymentUrl: 'https://pay.test/a1b2c3d4e5f6',
    });
    const forged = { ...signedAnswer('createResponse', created), payUrl: 'https://phish.test/pay' };
    expect(await failureOf(answering(forged).createPayment(createRequest))).toMatchObject({ outcome: 'unknown' });

    const queried = {
      partnerCode: 'PPMDEMO',
      orderId: 'a1b2c3d4e5f6',
      requestId: 'q1',
      extraData: '',
      amount: 150000,
      transId: 4088878653,
      payType: 'qr',
      resultCode: 0,
      message: 'Successful.',
      refundTrans: [{ orderId: 'rq0001', amount: 50000, resultCode: 0, transId: 4088878999, createdTime: 1 }],
      responseTime: 1763796605000,
    };
    const query = { gatewayReference: 'a1b2c3d4e5f6', requestId: 'q1', createdAt: new Date(), now: new Date() };
    expect(
      await answering(signedAnswer('queryResponse', queried)).queryPayment({ ...query, clientIp: '::1' }),
    ).toMatchObject({ outcome: 'succeeded', amount: 150000n });
    const refundListed = { ...signedAnswer('queryResponse', queried), refundTrans: [] };
    expect(
      await failureOf(
        answering(refundListed).queryRefund({ refundRequestId: 'rq0001', now: new Date(), payment: query }),
      ),
    ).toMatchObject({ outcome: 'unknown' });
    expect(
      await answering(signedAnswer('queryResponse', queried)).queryRefund({
        refundRequestId: 'rq0001',
        now: new Date(),
        payment: query,
      }),
    ).toMatchObject({ outcome: 'succeeded', gatewayRefundId: '4088878999' });
  });

  it('reads a refund answer whose resultCode is empty or missing as unknown, never as 0 (success)', async () => {
    for (const resultCode of ['', null]) {
      const answer = signedAnswer('refundResponse', { ...refundAnswer(0), resultCode });
      expect(await failureOf(answering(answer).refund(refundRequest))).toMatchObject({ outcome: 'unknown' });
    }
  });

  it.each([
    [99, 'unknown'],
    [98, 'unknown'],
    [43, 'unknown'],
    [40, 'unknown'],
    [41, 'unknown'],
    // "Order not found" and an undocumented code are no explicit decline: the refund may exist.
    [42, 'unknown'],
    [1234, 'unknown'],
    [11, 'refused'],
    [20, 'refused'],
  ] as const)('reads refund code %s as %s, with PPM’s own words and MoMo’s code', async (code, outcome) => {
    const error = await failureOf(answering(signedAnswer('refundResponse', refundAnswer(code))).refund(refundRequest));
    expect(error).toMatchObject({ outcome, rawCode: String(code) });
    expect(error.message).toContain(`code ${code}`);
    expect(error.message).not.toContain('internal.example');
  });
});
