import { parseVietQrPayload } from '@ppm/domain';
import type { RawCallback } from '../port/gateway-types';
import { vietqrCallbackProtocol } from './vietqr-callback.protocol';
import { VietqrGateway } from './vietqr.gateway';

const CREDENTIALS = {
  bankBin: '970415',
  accountNumber: '0011001932418',
  accountName: 'CONG TY ABC',
  notificationSecret: 'sepay-key',
};
const gateway = new VietqrGateway(CREDENTIALS);

// SePay's documented notification, with a transfer content carrying a payment code the way a bank forwards it.
const notification = (overrides: Record<string, unknown> = {}, authorization = 'Apikey sepay-key'): RawCallback => ({
  method: 'POST',
  query: {},
  headers: { authorization, 'content-type': 'application/json' },
  rawBody: JSON.stringify({
    id: 92704,
    gateway: 'Vietcombank',
    transactionDate: '2026-12-01 14:02:37',
    accountNumber: '0011001932418',
    code: null,
    content: 'MBVCB.3278907687.ppm0123456789abcdef.CT tu 0123 NGUYEN VAN A',
    transferType: 'in',
    transferAmount: 120000,
    accumulated: 19077000,
    subAccount: null,
    referenceCode: 'MBVCB.3278907687',
    description: '',
    ...overrides,
  }),
});

describe('VietqrGateway', () => {
  it('opens an order without calling anyone: a VietQR code of the amount whose purpose is the payment code', async () => {
    const created = await gateway.createPayment({
      reference: '0123456789abcdef0123456789abcdef',
      requestId: 'r',
      amount: 120_000n,
      description: 'Đơn hàng 1',
      paymentMethod: 'QR_CODE',
      returnUrl: 'http://127.0.0.1/return',
      notifyUrl: 'http://127.0.0.1/notify',
      clientIp: '127.0.0.1',
      createdAt: new Date(),
      expiresAt: new Date('2026-12-01T08:00:00Z'),
    });

    expect(created.gatewayReference).toBe('PPM0123456789ABCDEF');
    expect(parseVietQrPayload(created.qr?.qrPayload ?? '')).toEqual({
      ok: true,
      value: { bankBin: '970415', accountNumber: '0011001932418', amount: 120_000n, purpose: 'PPM0123456789ABCDEF' },
    });
    expect(created.paymentUrl).toBe(created.qr?.qrImage);
    expect(created.paymentUrl.startsWith('data:image/png;base64,')).toBe(true);
  });

  it('reads a notification authenticated with the API key: the code in the content, the amount, SePay id as dedup', () => {
    expect(gateway.verifyCallback(notification())).toEqual({
      ok: true,
      value: {
        gatewayReference: 'PPM0123456789ABCDEF',
        gatewayTransactionId: 'MBVCB.3278907687',
        amount: 120_000n,
        outcome: 'succeeded',
        rawCodes: { transferType: 'in' },
        dedupKey: 'sepay:92704',
      },
    });
  });

  it.each([
    ['another key', 'Apikey not-the-key'],
    ['a bearer token', 'Bearer sepay-key'],
    ['no Authorization', ''],
  ])('refuses a notification with %s', (_case, authorization) => {
    expect(gateway.verifyCallback(notification({}, authorization))).toEqual({ ok: false, error: 'BAD_SIGNATURE' });
  });

  it('keeps a transfer that names no payment (empty reference), and reads money out as paying nothing', () => {
    expect(gateway.verifyCallback(notification({ content: 'tien an trua' }))).toMatchObject({
      ok: true,
      value: { gatewayReference: '', outcome: 'succeeded' },
    });
    expect(gateway.verifyCallback(notification({ transferType: 'out' }))).toMatchObject({
      ok: true,
      value: { outcome: 'pending' },
    });
  });

  it('refuses a notification for another account, or without a whole amount', () => {
    expect(gateway.verifyCallback(notification({ accountNumber: '999' }))).toEqual({
      ok: false,
      error: 'UNKNOWN_MERCHANT',
    });
    expect(gateway.verifyCallback(notification({ transferAmount: '12.5' }))).toEqual({ ok: false, error: 'MALFORMED' });
    expect(gateway.verifyCallback({ ...notification(), rawBody: 'not json' })).toEqual({
      ok: false,
      error: 'MALFORMED',
    });
  });

  it('has no refund API: a refund is refused before anything is sent', async () => {
    await expect(gateway.refund()).rejects.toMatchObject({ outcome: 'refused' });
  });
});

describe('vietqrCallbackProtocol', () => {
  it('names the account and the payment code (SePay’s recognised code first) before any key is checked', () => {
    expect(vietqrCallbackProtocol.merchantIdOf(notification())).toBe('0011001932418');
    expect(vietqrCallbackProtocol.referenceOf(notification())).toBe('PPM0123456789ABCDEF');
    expect(vietqrCallbackProtocol.referenceOf(notification({ code: 'PPMFEDCBA9876543210' }))).toBe(
      'PPMFEDCBA9876543210',
    );
    expect(vietqrCallbackProtocol.referenceOf(notification({ content: 'no code' }))).toBeNull();
  });

  it('acknowledges with 2xx whatever PPM keeps, and asks SePay to redeliver only on our own failure', () => {
    for (const decision of ['APPLIED', 'DUPLICATE', 'UNKNOWN_ORDER', 'INVALID_AMOUNT'] as const) {
      expect(vietqrCallbackProtocol.replyFor(decision)).toEqual({ status: 200, body: { success: true } });
    }
    expect(vietqrCallbackProtocol.replyFor('RETRY_LATER').status).toBe(503);
    expect(vietqrCallbackProtocol.replyFor('BAD_SIGNATURE').status).toBe(401);
  });
});
