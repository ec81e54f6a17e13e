import { localHttpClient } from '../testing/local-http-client';
import { momoCallbackProtocol } from './momo-callback.protocol';
import { momoSign } from './momo-signer';
import { MomoGateway } from './momo.gateway';

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
      callback: {
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
      expect(outcomeOf(declined)).toMatchObject({ callback: { outcome: 'failed' } });
    }
    for (const cancelled of [1003, 1017]) {
      expect(outcomeOf(cancelled)).toMatchObject({
        callback: { outcome: 'cancelled', rawCodes: { resultCode: String(cancelled) } },
      });
    }
    expect(gateway.verifyCallback(raw(withSignature({ ...ipn, resultCode: 7000 })))).toMatchObject({
      callback: { outcome: 'pending' },
    });
  });

  it('refuses a changed amount, a wrong key, a missing field and a body that is not JSON', () => {
    expect(gateway.verifyCallback(raw({ ...withSignature(ipn), amount: 150001 }))).toEqual({
      ok: false,
      rejection: 'BAD_SIGNATURE',
    });
    expect(gateway.verifyCallback(raw(withSignature(ipn, 'wrong-secret')))).toEqual({
      ok: false,
      rejection: 'BAD_SIGNATURE',
    });
    const withoutTransId: Record<string, unknown> = withSignature(ipn);
    delete withoutTransId['transId'];
    expect(gateway.verifyCallback(raw(withoutTransId))).toEqual({ ok: false, rejection: 'MALFORMED' });
    expect(gateway.verifyCallback({ method: 'POST', query: {}, rawBody: 'partnerCode=PPMDEMO', headers: {} })).toEqual({
      ok: false,
      rejection: 'MALFORMED',
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
