import { momoSign, momoSignedString } from './momo/momo-signer';
import { hmacHex, signaturesMatch } from './shared/hmac';
import { vnpaySignedQuery, vnpaySignParams, vnpaySignPipe, vnpayVerifyParams } from './vnpay/vnpay-signer';
import { zalopayMac } from './zalopay/zalopay-signer';

// Every test vector of the gateways reference (docs/gateways.md), computed independently of this code.
describe('VNPay signer', () => {
  it('matches the published HMAC-SHA512 vector', () => {
    const data = 'vnp_Amount=10000&vnp_OrderInfo=Payment+for+order+%231234567890&vnp_TnxRef=1234567890';
    expect(hmacHex('sha512', 'YOUR_SECURE_SECRET', data)).toBe(
      '7bb8160a5d2085a85b3267817a40ee4f770a335282f19714726e6fc6f28a64c75a1e7e9c1aa96f3cbda5ce44095088fb4cb2af66c596d2f655b0b53966312089',
    );
    expect(
      vnpaySignedQuery({
        vnp_TnxRef: '1234567890',
        vnp_OrderInfo: 'Payment for order #1234567890',
        vnp_Amount: '10000',
      }),
    ).toBe(data);
  });

  const ipn = {
    vnp_Amount: '15000000',
    vnp_BankCode: 'NCB',
    vnp_BankTranNo: 'VNP20261122',
    vnp_CardType: 'ATM',
    vnp_OrderInfo: 'Thanh toan don hang ORD-1001',
    vnp_PayDate: '20261122143005',
    vnp_ResponseCode: '00',
    vnp_TmnCode: 'PPMDEMO1',
    vnp_TransactionNo: '14500001',
    vnp_TransactionStatus: '00',
    vnp_TxnRef: 'a1b2c3d4e5f6',
  };
  const ipnHash =
    '4bb1baf81b2294fdc94b776444fc6c00a7e85ce20287f5f7255ab70481a70a7c39e02cd5d5f0282ca7e1507196382822ad13ba811d08a8a99631b6eb3cad2969';

  it('signs the IPN vector over the sorted, form-encoded vnp_ keys', () => {
    expect(vnpaySignedQuery(ipn)).toBe(
      'vnp_Amount=15000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP20261122&vnp_CardType=ATM&vnp_OrderInfo=Thanh+toan+don+hang+ORD-1001&vnp_PayDate=20261122143005&vnp_ResponseCode=00&vnp_TmnCode=PPMDEMO1&vnp_TransactionNo=14500001&vnp_TransactionStatus=00&vnp_TxnRef=a1b2c3d4e5f6',
    );
    expect(vnpaySignParams(ipn, 'ppm-vnpay-secret')).toBe(ipnHash);
  });

  it('verifies ignoring non-vnp_ keys, empty values and the hash type, and refuses a changed amount or key', () => {
    const received = {
      ...ipn,
      vnp_SecureHash: ipnHash.toUpperCase(),
      vnp_SecureHashType: 'HmacSHA512',
      utm: 'x',
      vnp_Bill: '',
    };
    expect(vnpayVerifyParams(received, 'ppm-vnpay-secret')).toBe(true);
    expect(vnpayVerifyParams({ ...received, vnp_Amount: '15000100' }, 'ppm-vnpay-secret')).toBe(false);
    expect(vnpayVerifyParams(received, 'another-secret')).toBe(false);
    expect(vnpayVerifyParams({ ...ipn }, 'ppm-vnpay-secret')).toBe(false);
  });

  it('matches the querydr and refund vectors', () => {
    expect(
      vnpaySignPipe(
        [
          'req-0001',
          '2.1.0',
          'querydr',
          'PPMDEMO1',
          'a1b2c3d4e5f6',
          '20261122142900',
          '20261122150000',
          '127.0.0.1',
          'Truy van giao dich a1b2c3d4e5f6',
        ],
        'ppm-vnpay-secret',
      ),
    ).toBe(
      '83aaafc08ddcecbf4e70209854f3012c8cf9fdcfac8c41c7e483ffda82ff7543dac2f190a0953788a96c84b55980582cc9dd999375d7a456661824d36f44da5f',
    );
    expect(
      vnpaySignPipe(
        [
          'req-0002',
          '2.1.0',
          'refund',
          'PPMDEMO1',
          '03',
          'a1b2c3d4e5f6',
          5000000,
          '14500001',
          '20261122142900',
          'admin',
          '20261122160000',
          '127.0.0.1',
          'Hoan tien a1b2c3d4e5f6',
        ],
        'ppm-vnpay-secret',
      ),
    ).toBe(
      '4bfdb5087b245107ea9d8d1ee19d613e408f636bdc52058f09d174d1e7e319485679b4c0a2aca1d374ffdcdfff5c78ed2f0c68d3266f2aa9f863b2038872968a',
    );
  });
});

describe('MoMo signer', () => {
  it('matches the query vector', () => {
    expect(
      momoSign('query', { accessKey: 'ak', orderId: 'OID-1', partnerCode: 'MOMO', requestId: 'RID-1' }, 'secret'),
    ).toBe('293a0aedaebc81fd717aac90f9bd321792342f2557dd27a646afdf933465c5d8');
  });

  it('matches the create vector, signing raw values and the accessKey that is never sent', () => {
    const create = {
      accessKey: 'PPMACCESSKEY',
      amount: 150000,
      extraData: '',
      ipnUrl: 'http://127.0.0.1:3002/api/v1/internal/ppm/gateway/webhook/momo',
      orderId: 'a1b2c3d4e5f6',
      orderInfo: 'Thanh toan don hang ORD-1001',
      partnerCode: 'PPMDEMO',
      redirectUrl: 'http://127.0.0.1:3002/api/v1/ppm/gateway/return/momo',
      requestId: 'a1b2c3d4e5f6',
      requestType: 'captureWallet',
    };
    expect(momoSignedString('create', create)).toContain('&orderInfo=Thanh toan don hang ORD-1001&');
    expect(momoSign('create', create, 'ppm-momo-secret')).toBe(
      '9bd29f230a5b9a6187f90ffea8d81ea8814f4352b0b4fd2fd7604492310c3311',
    );
  });

  it('matches the IPN vector with numbers written as decimal digits', () => {
    const ipn = {
      accessKey: 'PPMACCESSKEY',
      amount: 150000,
      extraData: '',
      message: 'Successful.',
      orderId: 'a1b2c3d4e5f6',
      orderInfo: 'Thanh toan don hang ORD-1001',
      orderType: 'momo_wallet',
      partnerCode: 'PPMDEMO',
      payType: 'qr',
      requestId: 'a1b2c3d4e5f6',
      responseTime: 1763796605000,
      resultCode: 0,
      transId: 4088878653,
    };
    expect(momoSign('ipn', ipn, 'ppm-momo-secret')).toBe(
      '2dc4ba7de43e57c00b855b16742ea434843a0a95cf8183b10b3e1edd3cf718a0',
    );
  });
});

describe('ZaloPay signer', () => {
  it('matches the create vector', () => {
    expect(
      zalopayMac('9phuAOYhan4urywHTh0ndEXiV3pKHr5Q', [
        553,
        '200904_000234',
        'user123',
        10000,
        1599202366026,
        '{}',
        '[]',
      ]),
    ).toBe('7e95836a9feace32458f23416feea423172ef0a098f27a668a1e10788b5a6838');
  });
});

describe('signature comparison', () => {
  it('is case-insensitive and refuses non-hex, other lengths and non-strings', () => {
    const sig = hmacHex('sha256', 'k', 'data');
    expect(signaturesMatch(sig, sig.toUpperCase())).toBe(true);
    expect(signaturesMatch(sig, sig.slice(2))).toBe(false);
    expect(signaturesMatch(sig, `${sig.slice(0, -1)}z`)).toBe(false);
    expect(signaturesMatch(sig, undefined)).toBe(false);
  });
});
