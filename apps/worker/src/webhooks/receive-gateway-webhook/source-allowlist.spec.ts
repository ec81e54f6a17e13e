import { isAddressRange } from '@ppm/observability';
import { SourceAllowlist } from './source-allowlist';

describe('SourceAllowlist', () => {
  it('allows any source when empty', () => {
    const anyone = new SourceAllowlist([]);
    expect([anyone.allows('198.51.100.1'), anyone.allows('::1'), anyone.allows(null)]).toEqual([true, true, true]);
  });

  it('allows addresses inside its CIDR ranges and single addresses, and refuses the rest', () => {
    const list = new SourceAllowlist(['203.0.113.0/24', '198.51.100.7', '2001:db8::/32']);
    expect(list.allows('203.0.113.0')).toBe(true);
    expect(list.allows('203.0.113.255')).toBe(true);
    expect(list.allows('203.0.114.1')).toBe(false);
    expect(list.allows('198.51.100.7')).toBe(true);
    expect(list.allows('198.51.100.8')).toBe(false);
    expect(list.allows('2001:db8:1::5')).toBe(true);
    expect(list.allows('2001:db9::5')).toBe(false);
    expect(list.allows('127.0.0.1')).toBe(false);
  });

  it('matches an IPv4 client seen through a dual-stack socket as its IPv4 address', () => {
    const list = new SourceAllowlist(['203.0.113.0/24']);
    expect(list.allows('::ffff:203.0.113.9')).toBe(true);
    expect(list.allows('::ffff:127.0.0.1')).toBe(false);
  });

  it('refuses a source it cannot read', () => {
    const list = new SourceAllowlist(['203.0.113.0/24']);
    expect([list.allows(null), list.allows(''), list.allows('not-an-ip')]).toEqual([false, false, false]);
  });

  it('accepts addresses and CIDR ranges as entries, and nothing else', () => {
    expect(['203.0.113.0/24', '198.51.100.7', '2001:db8::/32', '::1', ' 10.0.0.0/8 '].every(isAddressRange)).toBe(true);
    expect(['10.1', '0x7f.1', '203.0.113.0/33', 'example.com', '', '1.2.3.4/', 42].some(isAddressRange)).toBe(false);
    expect(() => new SourceAllowlist(['203.0.113.0/24', 'nope'])).toThrow('nope');
  });
});
