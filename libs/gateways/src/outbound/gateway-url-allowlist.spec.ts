import { GatewayUrlAllowlist, OFFICIAL_GATEWAY_BASE_URLS } from './gateway-url-allowlist';

const SANDBOX = 'http://127.0.0.1:3010';
const development = new GatewayUrlAllowlist({
  production: false,
  allowedBaseUrls: OFFICIAL_GATEWAY_BASE_URLS,
  localSandboxUrl: SANDBOX,
});
const production = new GatewayUrlAllowlist({
  production: true,
  allowedBaseUrls: OFFICIAL_GATEWAY_BASE_URLS,
  localSandboxUrl: SANDBOX,
});

const FORGED = [
  'http://169.254.169.254/latest/meta-data#',
  'http://10.1.2.3:8080/',
  'https://admin:secret@sandbox.vnpayment.vn',
  'https://sandbox.vnpayment.vn/?x=1',
  'https://sandbox.vnpayment.vn/#',
  'https://[fd00::1]/',
  'https://sandbox.vnpayment.vn.attacker.example',
  'https://sandbox.vnpayment.vn/merchant_webapi',
  'https://metadata.google.internal',
];

describe('GatewayUrlAllowlist', () => {
  it.each(FORGED)('refuses the base URL %s, naming the allowed ones', (baseUrl) => {
    for (const allowlist of [development, production]) {
      const checked = allowlist.checkBaseUrl('VNPAY', baseUrl);
      expect(checked).toEqual({
        ok: false,
        error: expect.stringContaining('https://sandbox.vnpayment.vn') as unknown,
      });
    }
  });

  it("accepts the gateways' official hosts, with or without a trailing slash", () => {
    for (const [type, urls] of Object.entries(OFFICIAL_GATEWAY_BASE_URLS)) {
      for (const url of urls) {
        expect(production.checkBaseUrl(type, url).ok).toBe(true);
        expect(production.checkBaseUrl(type, `${url}/`).ok).toBe(true);
      }
    }
  });

  it("refuses another gateway's host", () => {
    expect(production.checkBaseUrl('MOMO', 'https://sandbox.vnpayment.vn').ok).toBe(false);
    expect(production.checkBaseUrl('PAYPAL', 'https://sandbox.vnpayment.vn').ok).toBe(false);
  });

  it('allows the local sandbox outside production only', () => {
    expect(development.checkBaseUrl('ZALOPAY', SANDBOX).ok).toBe(true);
    expect(development.allowedBaseUrls('ZALOPAY')).toContain(SANDBOX);
    expect(production.checkBaseUrl('ZALOPAY', SANDBOX).ok).toBe(false);
    expect(production.allowedBaseUrls('ZALOPAY')).not.toContain(SANDBOX);
  });

  it('checks each call URL against its gateway and the general rules', () => {
    expect(production.forGateway('MOMO').check('https://payment.momo.vn/v2/gateway/api/create').ok).toBe(true);
    expect(production.forGateway('MOMO').check('https://evil.example/v2/gateway/api/create')).toEqual({
      ok: false,
      error: 'must be on one of the allowed MOMO base URLs',
    });
    // A base URL stored before the rules: its fragment swallows the path the adapter appends.
    expect(
      development.forGateway('VNPAY').check('http://169.254.169.254/latest/meta-data#/merchant_webapi/api/transaction')
        .ok,
    ).toBe(false);
    expect(development.forGateway('VNPAY').check(`${SANDBOX}/merchant_webapi/api/transaction`).ok).toBe(true);
  });

  it('checks addresses in production, whatever the settings say', () => {
    expect(production.checkAddresses).toBe(true);
    expect(development.checkAddresses).toBe(false);
  });

  it('refuses to start with an allowlist entry that breaks the rules', () => {
    const allowing = (entry: string, isProduction: boolean) => () =>
      new GatewayUrlAllowlist({
        production: isProduction,
        allowedBaseUrls: { ...OFFICIAL_GATEWAY_BASE_URLS, MOMO: [entry] },
        localSandboxUrl: SANDBOX,
      });
    expect(allowing('http://payment.momo.vn', true)).toThrow(/must be an https URL in production/);
    expect(allowing('https://10.0.0.7', false)).toThrow(/must name a host/);
    expect(allowing('https://payment.momo.vn/v2', false)).toThrow(/must be an origin/);
  });
});
