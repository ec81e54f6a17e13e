import { GatewayCallError } from '../port/gateway-call.error';
import type { GatewayHttpClient } from '../resilience/gateway-http-client';
import { localHttpClient } from '../testing/local-http-client';
import { zalopayCallbackProtocol } from './zalopay-callback.protocol';
import { zalopayCallbackMac } from './zalopay-signer';
import { ZalopayGateway } from './zalopay.gateway';
import { outcomeOf, refundRequestOf } from '../testing/refund-request.fixture';

const credentials = { appId: '2553', key1: 'ppm-zalopay-key1', key2: 'ppm-zalopay-key2' };
const gateway = new ZalopayGateway('cfg-1', 'http://127.0.0.1:3010', credentials, localHttpClient().http);

// Written by hand, the way ZaloPay sends it: re-serialising would change the bytes the mac covers.
const data =
  '{"app_id":2553,"app_trans_id":"261122_a1b2c3d4e5f6","app_time":1763796540000,"app_user":"ppm","amount":150000,' +
  '"embed_data":"{}","item":"[]","zp_trans_id":261122000000123,"server_time":1763796605000,"channel":38,' +
  '"merchant_user_id":"u1","user_fee_amount":0,"discount_amount":0}';
const raw = (body: unknown) => ({ method: 'POST', query: {}, rawBody: JSON.stringify(body), headers: {} });

describe('ZaloPay callback', () => {
  it('verifies the mac over data exactly as received and keeps the 15-digit zp_trans_id exact', () => {
    expect(gateway.verifyCallback(raw({ data, mac: zalopayCallbackMac(credentials.key2, data), type: 1 }))).toEqual({
      ok: true,
      value: {
        gatewayReference: '261122_a1b2c3d4e5f6',
        gatewayTransactionId: '261122000000123',
        amount: 150000n,
        outcome: 'succeeded',
        rawCodes: { type: '1', channel: '38' },
        dedupKey: '261122_a1b2c3d4e5f6:261122000000123',
      },
    });
  });

  it('refuses a re-serialised or altered data string, a mac made with key1, and data that is not a string', () => {
    const reformatted = JSON.stringify(JSON.parse(data), null, 1);
    expect(gateway.verifyCallback(raw({ data: reformatted, mac: zalopayCallbackMac(credentials.key2, data) }))).toEqual(
      {
        ok: false,
        error: 'BAD_SIGNATURE',
      },
    );
    expect(gateway.verifyCallback(raw({ data, mac: zalopayCallbackMac(credentials.key1, data) }))).toEqual({
      ok: false,
      error: 'BAD_SIGNATURE',
    });
    expect(gateway.verifyCallback(raw({ data: JSON.parse(data) as unknown, mac: 'ab' }))).toEqual({
      ok: false,
      error: 'MALFORMED',
    });
  });

  it('names the app and answers 1 for applied and duplicate, 0 to be called again, -1 to refuse', () => {
    expect(zalopayCallbackProtocol.merchantIdOf(raw({ data, mac: '' }))).toBe('2553');
    expect(zalopayCallbackProtocol.referenceOf(raw({ data, mac: '' }))).toBe(
      (JSON.parse(data) as { app_trans_id: string }).app_trans_id,
    );
    expect(zalopayCallbackProtocol.referenceOf(raw({ data: '{"app_trans_id":7}', mac: '' }))).toBeNull();
    expect(zalopayCallbackProtocol.replyFor('DUPLICATE').body?.['return_code']).toBe(1);
    expect(zalopayCallbackProtocol.replyFor('RETRY_LATER').body?.['return_code']).toBe(0);
    expect(zalopayCallbackProtocol.replyFor('BAD_SIGNATURE').body?.['return_code']).toBe(-1);
  });
});

describe('ZaloPay answers', () => {
  const answering = (reply: Record<string, unknown>) =>
    new ZalopayGateway('cfg-1', 'http://zalopay.test', credentials, {
      postJson: () => Promise.resolve(reply),
    } as unknown as GatewayHttpClient);
  const refund = (reply: Record<string, unknown>) =>
    outcomeOf(
      answering(reply).refund(
        refundRequestOf({ gatewayReference: '261122_a1b2c3d4e5f6', gatewayTransactionId: '261122000000123' }),
      ),
    );

  it('declines a refund only on return_code 2 with a listed sub code', async () => {
    expect(await refund({ return_code: 2, sub_return_code: -13 })).toMatchObject({ outcome: 'failed' });
    expect(await refund({ return_code: 3, sub_return_code: 3 })).toMatchObject({ outcome: 'pending' });
    expect(await refund({ return_code: 2, sub_return_code: -401 })).toMatchObject({ outcome: 'refused' });
  });

  it('reads a system error, an empty, a missing and an undocumented code as an unknown outcome', async () => {
    for (const reply of [
      { return_code: 2, sub_return_code: -500 },
      { return_code: 2, sub_return_code: '' },
      { return_code: 2 },
      { return_code: 2, sub_return_code: -77 },
      { return_code: '', sub_return_code: -13 },
      { return_code: 9, sub_return_code: 1 },
    ]) {
      const answer = await refund(reply);
      expect(answer).toBeInstanceOf(GatewayCallError);
      expect(answer).toMatchObject({ outcome: 'unknown' });
    }
  });

  it('reads a create answered -68 (the order already exists) as unknown, not as a refused order', async () => {
    const answer = await outcomeOf(
      answering({ return_code: 2, sub_return_code: -68 }).createPayment({
        reference: 'a1b2c3d4e5f6',
        requestId: 'a1b2c3d4e5f6',
        amount: 150_000n,
        description: 'Order',
        paymentMethod: 'E_WALLET',
        returnUrl: 'http://127.0.0.1:3002/return',
        notifyUrl: 'http://127.0.0.1:3002/notify',
        clientIp: '127.0.0.1',
        createdAt: new Date('2026-11-22T07:29:00Z'),
        expiresAt: new Date('2026-11-22T07:44:00Z'),
      }),
    );
    expect(answer).toMatchObject({ outcome: 'unknown', rawCode: '-68' });
  });
});
