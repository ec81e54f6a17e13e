import fc from 'fast-check';
import { isIP } from 'node:net';
import { IpRange } from './ip-range.value-object';

function parsed(text: string): IpRange {
  const range = IpRange.parse(text);
  if (range === null) throw new Error(`${text} should parse`);
  return range;
}

const ipv4Arb = fc.ipV4();
const ipv6Arb = fc.ipV6();

describe('IpRange', () => {
  it('reads every address node reads, of either family, and only those', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4Arb, ipv6Arb), (address) => {
        expect(IpRange.parse(address)).not.toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 45 }), (text) => {
        if (isIP(text) === 0) expect(IpRange.parse(text)).toBeNull();
      }),
    );
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.4/33',
    '1.2.3.4/',
    '::1/129',
    '1::2::3',
    'fe80::1%eth0',
    '1.2.3.4/08',
    '::ffff:1.2.3.4/95',
    'gggg::',
  ])('refuses %j', (text) => {
    expect(IpRange.parse(text)).toBeNull();
  });

  it('spells an address one way, whatever spelling it came in', () => {
    expect(parsed('2001:DB8:0:0::1').toString()).toBe('2001:db8:0:0:0:0:0:1');
    expect(parsed('::ffff:203.0.113.7').toString()).toBe('203.0.113.7');
    expect(parsed('198.51.100.77/24').toString()).toBe('198.51.100.0/24');
    fc.assert(
      fc.property(fc.oneof(ipv4Arb, ipv6Arb), (address) => {
        const once = parsed(address).toString();
        expect(parsed(once).toString()).toBe(once);
      }),
    );
  });

  it('puts an IPv4 address in a block exactly when their first prefix bits agree', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 32 - 1 }),
        fc.nat({ max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 32 }),
        (a, b, prefix) => {
          const spell = (n: number) => [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join('.');
          const block = parsed(`${spell(a)}/${prefix}`);
          const shift = BigInt(32 - prefix);
          expect(block.contains(parsed(spell(b)))).toBe(BigInt(a) >> shift === BigInt(b) >> shift);
        },
      ),
    );
  });

  it('holds the first and last address of a block and neither neighbour outside it (v4 and v6)', () => {
    expect(parsed('198.51.100.0/24').contains(parsed('198.51.100.0'))).toBe(true);
    expect(parsed('198.51.100.0/24').contains(parsed('198.51.100.255'))).toBe(true);
    expect(parsed('198.51.100.0/24').contains(parsed('198.51.99.255'))).toBe(false);
    expect(parsed('198.51.100.0/24').contains(parsed('198.51.101.0'))).toBe(false);
    expect(parsed('2001:db8::/32').contains(parsed('2001:db8::'))).toBe(true);
    expect(parsed('2001:db8::/32').contains(parsed('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'))).toBe(true);
    expect(parsed('2001:db8::/32').contains(parsed('2001:db7:ffff:ffff:ffff:ffff:ffff:ffff'))).toBe(false);
    expect(parsed('2001:db8::/32').contains(parsed('2001:db9::'))).toBe(false);
    expect(parsed('0.0.0.0/0').contains(parsed('255.255.255.255'))).toBe(true);
    expect(parsed('::/0').contains(parsed('203.0.113.7'))).toBe(false);
  });

  it('puts an IPv6 address in a block exactly when their first prefix bits agree', () => {
    const groupsArb = fc.array(fc.nat({ max: 0xffff }), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(groupsArb, groupsArb, fc.integer({ min: 0, max: 128 }), (a, b, prefix) => {
        const spell = (groups: number[]) => groups.map((group) => group.toString(16)).join(':');
        const value = (groups: number[]) => groups.reduce((n, group) => (n << 16n) | BigInt(group), 0n);
        const block = parsed(`${spell(a)}/${prefix}`);
        const address = IpRange.parse(spell(b));
        const shift = BigInt(128 - prefix);
        // An IPv4-mapped draw is read as IPv4 and belongs to no IPv6 block.
        if (address === null || address.family === 4 || block.family === 4) return;
        expect(block.contains(address)).toBe(value(a) >> shift === value(b) >> shift);
      }),
    );
  });

  it('matches an IPv4-mapped IPv6 client against IPv4 rules, and never across families otherwise', () => {
    expect(parsed('203.0.113.0/24').contains(parsed('::ffff:203.0.113.9'))).toBe(true);
    expect(parsed('::ffff:198.51.100.0/120').toString()).toBe('198.51.100.0/24');
    expect(parsed('2001:db8::/32').contains(parsed('32.1.13.184'))).toBe(false);
  });
});
