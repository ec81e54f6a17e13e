import { checkOutboundUrl, type OutboundUrlRules } from './outbound-url-policy';

const development: OutboundUrlRules = { production: false, trustedLocalOrigins: ['http://127.0.0.1:3010'] };
const production: OutboundUrlRules = { production: true, trustedLocalOrigins: [] };

const reasonOf = (url: string, rules: OutboundUrlRules): string | null => {
  const checked = checkOutboundUrl(url, rules);
  return checked.ok ? null : checked.error;
};

describe('checkOutboundUrl', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data#', 'must not carry a fragment'],
    ['http://169.254.169.254/latest/meta-data', 'must name a host, not an IP address'],
    ['http://10.1.2.3:8080/', 'must name a host, not an IP address'],
    ['https://[::1]/', 'must name a host, not an IP address'],
    ['https://[::ffff:10.0.0.1]/', 'must name a host, not an IP address'],
    ['https://2130706433/', 'must name a host, not an IP address'],
    ['https://0x7f.1/', 'must name a host, not an IP address'],
    ['https://admin:secret@sandbox.vnpayment.vn', 'must not carry a user name or password'],
    ['https://user@sandbox.vnpayment.vn', 'must not carry a user name or password'],
    ['https://sandbox.vnpayment.vn/?next=http://10.0.0.1', 'must not carry a query'],
    ['https://sandbox.vnpayment.vn/?', 'must not carry a query'],
    ['https://sandbox.vnpayment.vn/#', 'must not carry a fragment'],
    ['file:///etc/passwd', 'must be an http(s) URL'],
    ['sandbox.vnpayment.vn', 'is not an absolute URL'],
  ])('refuses %s', (url, reason) => {
    expect(reasonOf(url, development)).toBe(reason);
    expect(reasonOf(url, production)).not.toBeNull();
  });

  it('refuses plain http in production only', () => {
    expect(reasonOf('http://sandbox.vnpayment.vn', production)).toBe('must be an https URL in production');
    expect(reasonOf('http://sandbox.vnpayment.vn', development)).toBeNull();
  });

  it('accepts https URLs naming a host', () => {
    expect(reasonOf('https://sandbox.vnpayment.vn', production)).toBeNull();
    expect(reasonOf('https://payment.momo.vn/v2/gateway/api/create', production)).toBeNull();
  });

  it('trusts the local sandbox on 127.0.0.1 outside production, and only its origin', () => {
    expect(reasonOf('http://127.0.0.1:3010/v2/create', development)).toBeNull();
    expect(reasonOf('http://127.0.0.1:3011/v2/create', development)).toBe('must name a host, not an IP address');
    const pretending: OutboundUrlRules = { production: true, trustedLocalOrigins: ['https://127.0.0.1:3010'] };
    expect(reasonOf('https://127.0.0.1:3010/v2/create', pretending)).toBe('must name a host, not an IP address');
  });
});
