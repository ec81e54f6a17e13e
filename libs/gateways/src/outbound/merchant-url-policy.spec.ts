import { checkMerchantUrl } from './merchant-url-policy';

const reasonOf = (url: string, production: boolean): string | null => {
  const checked = checkMerchantUrl(url, production);
  return checked.ok ? null : checked.error;
};

describe('checkMerchantUrl', () => {
  it.each([
    ['https://user:secret@hooks.merchant.example/ppm', 'must not carry a user name or password'],
    ['https://hooks.merchant.example/ppm#part', 'must not carry a fragment'],
    ['ftp://hooks.merchant.example/ppm', 'must be an http(s) URL'],
    ['hooks.merchant.example/ppm', 'is not an absolute URL'],
  ])('refuses %s everywhere', (url, reason) => {
    expect(reasonOf(url, false)).toBe(reason);
    expect(reasonOf(url, true)).toBe(reason);
  });

  it.each([
    ['http://hooks.merchant.example/ppm', 'must be an https URL in production'],
    ['https://localhost/ppm', 'must name a public host in production'],
    ['https://127.0.0.1:8443/ppm', 'must name a public host in production'],
    ['https://169.254.169.254/latest/meta-data', 'must name a public host in production'],
    ['https://[fd00::1]/ppm', 'must name a public host in production'],
  ])('refuses %s in production only', (url, reason) => {
    expect(reasonOf(url, true)).toBe(reason);
    expect(reasonOf(url, false)).toBeNull();
  });

  it('accepts an https URL on a public host, with a query the merchant routes by', () => {
    expect(reasonOf('https://hooks.merchant.example/ppm?account=42', true)).toBeNull();
  });
});
