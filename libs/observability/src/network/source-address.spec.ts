import { countedSourceOf } from './source-address';

describe('countedSourceOf', () => {
  it('counts an IPv4 address and its IPv4-mapped IPv6 form as one source', () => {
    expect(countedSourceOf('198.51.100.1')).toBe('198.51.100.1');
    expect(countedSourceOf('::ffff:198.51.100.1')).toBe('198.51.100.1');
  });

  it('counts IPv6 addresses per /64', () => {
    expect(countedSourceOf('2001:db8:1:2::1')).toBe(countedSourceOf('2001:db8:1:2:ffff::9'));
    expect(countedSourceOf('2001:db8:1:2::1')).not.toBe(countedSourceOf('2001:db8:1:3::1'));
  });

  it('counts what is not an address as itself', () => {
    expect(countedSourceOf('')).toBe('');
    expect(countedSourceOf('unknown')).toBe('unknown');
  });
});
