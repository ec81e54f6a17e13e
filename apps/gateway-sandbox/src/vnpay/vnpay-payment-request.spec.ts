import { gmt7Timestamp } from '@ppm/gateways';
import { readVnpayPaymentRequest } from './vnpay-payment-request';

const now = new Date('2026-11-22T07:30:00.000Z'); // 14:30:00 in Vietnam

const params = (overrides: Record<string, string> = {}): Record<string, string> => ({
  vnp_Version: '2.1.0',
  vnp_Command: 'pay',
  vnp_TmnCode: 'PPMDEMO1',
  vnp_Amount: '15000000',
  vnp_CreateDate: '20261122143000',
  vnp_ExpireDate: '20261122144500',
  vnp_CurrCode: 'VND',
  vnp_IpAddr: '127.0.0.1',
  vnp_Locale: 'vn',
  vnp_OrderInfo: 'Thanh toan don hang ORD-1001',
  vnp_OrderType: 'other',
  vnp_ReturnUrl: 'http://127.0.0.1:3002/return',
  vnp_TxnRef: 'a1b2c3d4e5f6',
  ...overrides,
});

describe('VNPay payment URL parameters', () => {
  it('reads a valid request: amount in VND, GMT+7 dates as instants', () => {
    const reading = readVnpayPaymentRequest(params({ vnp_BankCode: 'NCB' }), now);
    expect(reading).toMatchObject({ ok: true, value: { amount: 150_000, bankCode: 'NCB', txnRef: 'a1b2c3d4e5f6' } });
    expect(reading.ok && gmt7Timestamp(reading.value.expiresAt)).toBe('20261122144500');
  });

  it.each([
    ['an unknown version', { vnp_Version: '2.0.1' }],
    ['another command', { vnp_Command: 'refund' }],
    ['another currency', { vnp_CurrCode: 'USD' }],
    ['an amount that is not a multiple of 100', { vnp_Amount: '15000001' }],
    ['an amount of 13 digits', { vnp_Amount: '1000000000000' }],
    ['a zero amount', { vnp_Amount: '0' }],
    ['an impossible date', { vnp_CreateDate: '20261131143000' }],
    ['an expiry before creation', { vnp_ExpireDate: '20261122142900' }],
    ['an unknown locale', { vnp_Locale: 'fr' }],
    ['a return URL that is not http(s)', { vnp_ReturnUrl: 'javascript:alert(1)' }],
    ['a missing parameter', { vnp_IpAddr: '' }],
  ])('refuses %s with 03', (_case, overrides) => {
    expect(readVnpayPaymentRequest(params(overrides), now)).toEqual({ ok: false, error: '03' });
  });

  it('refuses an expired request with 11', () => {
    expect(
      readVnpayPaymentRequest(params({ vnp_ExpireDate: '20261122143000', vnp_CreateDate: '20261122142000' }), now),
    ).toEqual({ ok: false, error: '11' });
  });
});
