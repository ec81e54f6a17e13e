import { readMerchantList, readMerchantRegistration } from './merchant-registration';

describe('merchant registration', () => {
  it('reads each gateway credentials, keeping only the known fields', () => {
    expect(
      readMerchantRegistration({
        gatewayType: 'ZALOPAY',
        credentials: { appId: '2554', key1: 'k1', key2: 'k2', extra: 'dropped' },
        ipnUrl: 'http://127.0.0.1:3002/cb',
      }),
    ).toEqual({
      ok: true,
      value: {
        gatewayType: 'ZALOPAY',
        credentials: { appId: '2554', key1: 'k1', key2: 'k2' },
        ipnUrl: 'http://127.0.0.1:3002/cb',
      },
    });
    expect(
      readMerchantRegistration({
        gatewayType: 'MOMO',
        credentials: { partnerCode: 'P', accessKey: 'a', secretKey: 's' },
      }),
    ).toMatchObject({ ok: true, value: { ipnUrl: null } });
  });

  it('names what is wrong', () => {
    const problem = (body: unknown): string => {
      const reading = readMerchantRegistration(body);
      return reading.ok ? '' : reading.error;
    };
    expect(problem(null)).toMatch(/gatewayType/);
    expect(problem({ gatewayType: 'VNPAY', credentials: { tmnCode: 'T' } })).toBe(
      'credentials.hashSecret must be non-empty strings',
    );
    expect(problem({ gatewayType: 'VNPAY', credentials: { tmnCode: 'T 1', hashSecret: 's' } })).toMatch(/tmnCode/);
    expect(problem({ gatewayType: 'ZALOPAY', credentials: { appId: 'x', key1: 'a', key2: 'b' } })).toMatch(/digits/);
    expect(problem({ gatewayType: 'MOMO', credentials: {}, ipnUrl: 'ftp://x' })).toMatch(/ipnUrl/);
  });

  it('reads SANDBOX_MERCHANTS and names the first bad item', () => {
    const good = { gatewayType: 'VNPAY', credentials: { tmnCode: 'T1', hashSecret: 's' } };
    expect(readMerchantList(JSON.stringify([good]))).toHaveLength(1);
    expect(() => readMerchantList('{}')).toThrow('SANDBOX_MERCHANTS must be a JSON array of merchants');
    expect(() => readMerchantList(JSON.stringify([good, { gatewayType: 'X' }]))).toThrow(/^SANDBOX_MERCHANTS\[1\]/);
  });
});
