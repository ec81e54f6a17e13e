import {
  momoSign,
  PaymentGateways,
  vnpaySignParams,
  zalopayMac,
  type GatewayAccount,
  type GatewayHttpClient,
} from '@ppm/gateways';
import { merchantOfReturn, returnQueryOf, verifyReturn, type ReturnQuery } from './return-verification';

// Verifying never calls the gateway: the adapters get no HTTP client.
const gateways = new PaymentGateways({} as GatewayHttpClient);
const check = (query: ReturnQuery, account: GatewayAccount) =>
  verifyReturn(query, account, gateways.forAccount(account));
const without = (query: ReturnQuery, field: string): ReturnQuery =>
  Object.fromEntries(Object.entries(query).filter(([key]) => key !== field));
const target = { configurationId: 'cfg-1', baseUrl: 'http://127.0.0.1:3010' };

describe('verifyReturn', () => {
  describe('VNPay (the return query is signed like the IPN)', () => {
    const account: GatewayAccount = {
      ...target,
      gatewayType: 'VNPAY',
      credentials: { tmnCode: 'TMN00001', hashSecret: 'vnpay-secret' },
    };
    const params = {
      vnp_Amount: '15000000',
      vnp_BankCode: 'NCB',
      vnp_OrderInfo: 'Thanh toan don hang',
      vnp_PayDate: '20261123101500',
      vnp_ResponseCode: '00',
      vnp_TmnCode: 'TMN00001',
      vnp_TransactionNo: '14000001',
      vnp_TransactionStatus: '00',
      vnp_TxnRef: 'a1b2c3d4e5f6',
    };
    const signed = { ...params, vnp_SecureHash: vnpaySignParams(params, 'vnpay-secret') };

    it('accepts the signed link and names its order', () => {
      expect(merchantOfReturn('VNPAY', signed)).toBe('TMN00001');
      expect(check(signed, account)).toEqual({ ok: true, value: 'a1b2c3d4e5f6' });
    });

    it('refuses a changed parameter or another merchant key', () => {
      expect(check({ ...signed, vnp_ResponseCode: '24' }, account)).toEqual({ ok: false, error: 'BAD_SIGNATURE' });
      const other = { ...account, credentials: { tmnCode: 'TMN00001', hashSecret: 'another' } };
      expect(check(signed, other)).toEqual({ ok: false, error: 'BAD_SIGNATURE' });
    });
  });

  describe('MoMo (the redirect carries the IPN fields and signature)', () => {
    const account: GatewayAccount = {
      ...target,
      gatewayType: 'MOMO',
      credentials: { partnerCode: 'MOMOPPM1', accessKey: 'access', secretKey: 'momo-secret' },
    };
    const ipn = {
      partnerCode: 'MOMOPPM1',
      orderId: 'a1b2c3d4e5f6',
      requestId: 'a1b2c3d4e5f6',
      amount: 150000,
      orderInfo: 'Thanh toan don hang',
      orderType: 'momo_wallet',
      transId: 4088878653,
      resultCode: 0,
      message: 'Thành công.',
      payType: 'qr',
      responseTime: 1763892000000,
      extraData: '',
    };
    const signature = momoSign('ipn', { ...ipn, accessKey: 'access' }, 'momo-secret');
    // As the browser brings it back: every value as text.
    const query = Object.fromEntries(Object.entries({ ...ipn, signature }).map(([k, v]) => [k, String(v)]));

    it('accepts the signed link and names its order', () => {
      expect(merchantOfReturn('MOMO', query)).toBe('MOMOPPM1');
      expect(check(query, account)).toEqual({ ok: true, value: 'a1b2c3d4e5f6' });
    });

    it('refuses a changed result code, and a link missing a signed field', () => {
      expect(check({ ...query, resultCode: '1006' }, account)).toEqual({ ok: false, error: 'BAD_SIGNATURE' });
      expect(check(without(query, 'transId'), account)).toEqual({ ok: false, error: 'MALFORMED' });
    });
  });

  describe('ZaloPay (checksum = HMAC-SHA256(key2, appid|apptransid|pmcid|bankcode|amount|discountamount|status))', () => {
    const account: GatewayAccount = {
      ...target,
      gatewayType: 'ZALOPAY',
      credentials: { appId: '2553', key1: 'key-one', key2: 'key-two' },
    };
    const values = {
      appid: '2553',
      apptransid: '261123_a1b2c3d4e5f6',
      pmcid: '38',
      bankcode: '',
      amount: '150000',
      discountamount: '0',
      status: '1',
    };
    const query = { ...values, checksum: zalopayMac('key-two', Object.values(values)) };

    it('accepts the signed link (an empty bank code included) and names its order', () => {
      expect(merchantOfReturn('ZALOPAY', query)).toBe('2553');
      expect(check(query, account)).toEqual({ ok: true, value: '261123_a1b2c3d4e5f6' });
    });

    it('refuses a link checked with key1, a changed status, or one missing a field', () => {
      const withKey1 = { ...values, checksum: zalopayMac('key-one', Object.values(values)) };
      expect(check(withKey1, account)).toEqual({ ok: false, error: 'BAD_SIGNATURE' });
      expect(check({ ...query, status: '-1' }, account)).toEqual({ ok: false, error: 'BAD_SIGNATURE' });
      expect(check(without(query, 'pmcid'), account)).toEqual({ ok: false, error: 'MALFORMED' });
    });
  });
});

describe('returnQueryOf', () => {
  it('keeps single text values and refuses a repeated parameter', () => {
    expect(returnQueryOf({ a: '1', b: '' })).toEqual({ a: '1', b: '' });
    expect(returnQueryOf({ a: ['1', '2'] })).toBeNull();
    expect(returnQueryOf(undefined)).toEqual({});
  });
});
