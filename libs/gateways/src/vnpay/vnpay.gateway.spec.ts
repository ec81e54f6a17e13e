import { GatewayCallError } from '../port/gateway-call.error';
import type { GatewayHttpClient } from '../resilience/gateway-http-client';
import { localHttpClient } from '../testing/local-http-client';
import { vnpayCallbackProtocol } from './vnpay-callback.protocol';
import {
  VNPAY_QUERY_RESPONSE_FIELDS,
  VNPAY_REFUND_RESPONSE_FIELDS,
  vnpaySignParams,
  vnpaySignPipe,
  vnpayVerifyParams,
} from './vnpay-signer';
import { VnpayGateway } from './vnpay.gateway';
import { outcomeOf, refundRequestOf } from '../testing/refund-request.fixture';

const credentials = { tmnCode: 'PPMDEMO1', hashSecret: 'ppm-vnpay-secret' };
const gateway = new VnpayGateway('cfg-1', 'http://127.0.0.1:3010', credentials, localHttpClient().http);

// Runs under TZ=UTC and TZ=Asia/Ho_Chi_Minh (the gateways `test` target): the URL must not depend on the zone.
describe(`VNPay adapter (process TZ=${process.env['TZ'] ?? 'unset'})`, () => {
  it('builds a signed payment URL with amounts ×100 and GMT+7 dates', async () => {
    const created = await gateway.createPayment({
      reference: 'a1b2c3d4e5f6',
      requestId: 'a1b2c3d4e5f6',
      amount: 150_000n,
      description: 'Thanh toán đơn hàng #ORD-1001',
      paymentMethod: 'QR_CODE',
      returnUrl: 'http://127.0.0.1:3002/api/v1/ppm/gateway/return/vnpay',
      notifyUrl: 'unused-by-vnpay',
      clientIp: '127.0.0.1',
      createdAt: new Date('2026-11-22T07:29:00Z'),
      expiresAt: new Date('2026-11-22T07:44:00Z'),
    });
    const url = new URL(created.paymentUrl);
    const params = Object.fromEntries(url.searchParams);
    expect(url.pathname).toBe('/paymentv2/vpcpay.html');
    expect(params).toMatchObject({
      vnp_Amount: '15000000',
      vnp_CreateDate: '20261122142900',
      vnp_ExpireDate: '20261122144400',
      vnp_OrderInfo: 'Thanh toan don hang ORD-1001',
      vnp_BankCode: 'VNPAYQR',
      vnp_TxnRef: 'a1b2c3d4e5f6',
    });
    expect(vnpayVerifyParams(params, credentials.hashSecret)).toBe(true);
    expect(created.gatewayReference).toBe('a1b2c3d4e5f6');
  });
});

describe('VNPay IPN', () => {
  const ipn = {
    vnp_Amount: '15000000',
    vnp_BankCode: 'NCB',
    vnp_OrderInfo: 'Thanh toan don hang ORD-1001',
    vnp_PayDate: '20261122143005',
    vnp_ResponseCode: '00',
    vnp_TmnCode: 'PPMDEMO1',
    vnp_TransactionNo: '14500001',
    vnp_TransactionStatus: '00',
    vnp_TxnRef: 'a1b2c3d4e5f6',
  };
  const signed = (params: Record<string, string>): Record<string, string> => ({
    ...params,
    vnp_SecureHash: vnpaySignParams(params, credentials.hashSecret),
  });
  const raw = (query: Record<string, string>) => ({ method: 'GET', query, rawBody: '', headers: {} });

  it('reads a verified payment in minor units, ignoring query keys that are not vnp_', () => {
    expect(gateway.verifyCallback(raw({ ...signed(ipn), utm_source: 'x' }))).toEqual({
      ok: true,
      value: {
        gatewayReference: 'a1b2c3d4e5f6',
        gatewayTransactionId: '14500001',
        amount: 150_000n,
        outcome: 'succeeded',
        rawCodes: { vnp_ResponseCode: '00', vnp_TransactionStatus: '00' },
        dedupKey: 'a1b2c3d4e5f6:14500001:00:00',
      },
    });
  });

  it('counts a payment as paid only when both codes are 00; 24 is the customer cancelling, other codes failures', () => {
    const outcomeOf = (responseCode: string, transactionStatus: string) =>
      gateway.verifyCallback(
        raw(signed({ ...ipn, vnp_ResponseCode: responseCode, vnp_TransactionStatus: transactionStatus })),
      );
    expect(outcomeOf('24', '02')).toMatchObject({ ok: true, value: { outcome: 'cancelled' } });
    expect(outcomeOf('51', '02')).toMatchObject({ ok: true, value: { outcome: 'failed' } });
    expect(outcomeOf('00', '02')).toMatchObject({ ok: true, value: { outcome: 'failed' } });
    expect(outcomeOf('07', '01')).toMatchObject({ ok: true, value: { outcome: 'pending' } });
    // Debited but held for review, reversed, refund states, undocumented: never a failure.
    for (const status of ['07', '04', '05', '09', '', '08']) {
      expect(outcomeOf('07', status)).toMatchObject({ ok: true, value: { outcome: 'pending' } });
    }
    expect(outcomeOf('24', '')).toMatchObject({ ok: true, value: { outcome: 'pending' } });
  });

  it('refuses a tampered amount, a wrong secret and a missing hash', () => {
    expect(gateway.verifyCallback(raw({ ...signed(ipn), vnp_Amount: '15000100' }))).toEqual({
      ok: false,
      error: 'BAD_SIGNATURE',
    });
    const foreign = { ...ipn, vnp_SecureHash: vnpaySignParams(ipn, 'another-secret') };
    expect(gateway.verifyCallback(raw(foreign))).toEqual({ ok: false, error: 'BAD_SIGNATURE' });
    expect(gateway.verifyCallback(raw(ipn))).toEqual({ ok: false, error: 'MALFORMED' });
  });

  it('names the merchant and answers each decision with the RspCode VNPay expects', () => {
    expect(vnpayCallbackProtocol.merchantIdOf(raw(ipn))).toBe('PPMDEMO1');
    expect(vnpayCallbackProtocol.referenceOf(raw(ipn))).toBe(ipn['vnp_TxnRef']);
    const repeated = { ...raw(ipn), query: { ...ipn, vnp_TxnRef: ['a', 'b'] as unknown as string } };
    expect(vnpayCallbackProtocol.referenceOf(repeated)).toBeNull();
    const codes = (
      ['APPLIED', 'DUPLICATE', 'UNKNOWN_ORDER', 'INVALID_AMOUNT', 'BAD_SIGNATURE', 'RETRY_LATER'] as const
    ).map((d) => vnpayCallbackProtocol.replyFor(d).body?.['RspCode']);
    expect(codes).toEqual(['00', '02', '01', '04', '97', '99']);
  });
});

describe('VNPay merchant API answers', () => {
  const signed = (fields: readonly string[], values: Record<string, string>) => ({
    ...values,
    vnp_SecureHash: vnpaySignPipe(
      fields.map((f) => values[f]),
      credentials.hashSecret,
    ),
  });
  const answering = (reply: Record<string, unknown>) =>
    new VnpayGateway('cfg-1', 'http://vnpay.test', credentials, {
      postJson: () => Promise.resolve(reply),
    } as unknown as GatewayHttpClient);
  const refundRequest = refundRequestOf({ gatewayTransactionId: '14500001' });
  const refundAnswer = (code: string) =>
    signed(VNPAY_REFUND_RESPONSE_FIELDS, { vnp_ResponseCode: code, vnp_Command: 'refund', vnp_TxnRef: 'a1b2c3d4e5f6' });

  it('reads refund code 00 as refunded and only the listed declines as declined', async () => {
    expect(await answering(refundAnswer('00')).refund(refundRequest)).toMatchObject({ outcome: 'succeeded' });
    for (const code of ['02', '03', '91', '93', '95', '97']) {
      expect(await outcomeOf(answering(refundAnswer(code)).refund(refundRequest))).toMatchObject({
        outcome: 'failed',
        rawCode: code,
      });
    }
  });

  it('reads refund codes 94, 99, an empty and an undocumented code as unknown outcomes', async () => {
    for (const code of ['94', '99', '', '42']) {
      const answer = await outcomeOf(answering(refundAnswer(code)).refund(refundRequest));
      expect(answer).toBeInstanceOf(GatewayCallError);
      expect(answer).toMatchObject({ outcome: 'unknown' });
    }
  });

  const query = {
    gatewayReference: 'a1b2c3d4e5f6',
    requestId: 'rq0002',
    createdAt: new Date('2026-11-22T07:29:00Z'),
    now: new Date('2026-11-22T09:00:00Z'),
    clientIp: '127.0.0.1',
  };
  const queryAnswer = (status: string, type = '01') =>
    signed(VNPAY_QUERY_RESPONSE_FIELDS, {
      vnp_ResponseCode: '00',
      vnp_Command: 'querydr',
      vnp_TxnRef: 'a1b2c3d4e5f6',
      vnp_Amount: '15000000',
      vnp_TransactionType: type,
      vnp_TransactionStatus: status,
    });

  it('reads a payment as failed only on status 02; 04, 07, empty and undocumented statuses are unknown', async () => {
    expect(await answering(queryAnswer('02')).queryPayment(query)).toMatchObject({ outcome: 'failed' });
    expect(await answering(queryAnswer('00')).queryPayment(query)).toMatchObject({
      outcome: 'succeeded',
      amount: 150_000n,
    });
    for (const status of ['04', '07', '', '08']) {
      expect(await outcomeOf(answering(queryAnswer(status)).queryPayment(query))).toMatchObject({ outcome: 'unknown' });
    }
  });

  it('reads refund states 05, 06 and 09 as a captured payment whose amount querydr no longer reports', async () => {
    for (const status of ['05', '06', '09']) {
      expect(await answering(queryAnswer(status, '03')).queryPayment(query)).toMatchObject({
        outcome: 'succeeded',
        amount: null,
      });
    }
  });

  it("settles a refund from querydr only when the latest transaction is a refund of the refund's amount", async () => {
    const refundQuery = {
      refundRequestId: 'rq0001',
      now: query.now,
      amount: 150_000n,
      payment: { gatewayReference: 'a1b2c3d4e5f6', requestId: 'rq0003', createdAt: query.createdAt },
    };
    const ask = (status: string, type: string) => answering(queryAnswer(status, type)).queryRefund(refundQuery);
    expect(await ask('00', '02')).toMatchObject({ outcome: 'succeeded', rawCode: '00' });
    expect(await ask('09', '02')).toMatchObject({ outcome: 'failed', rawCode: '09' });
    for (const status of ['05', '06', '', '42']) expect(await ask(status, '02')).toMatchObject({ outcome: 'pending' });
    // The payment itself, or a refund of another amount: this refund is not the one reported.
    expect(await ask('00', '01')).toMatchObject({ outcome: 'pending', rawCode: 'NOT_LISTED' });
    expect(await answering(queryAnswer('00', '03')).queryRefund({ ...refundQuery, amount: 50_000n })).toMatchObject({
      outcome: 'pending',
      rawCode: 'NOT_LISTED',
    });
  });
});
