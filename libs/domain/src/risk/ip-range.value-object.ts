/** The two address families a client address can belong to, with their width in bits. */
const FAMILY_BITS = { 4: 32, 6: 128 } as const;

/** An IP address family: 4 or 6. */
export type IpFamily = keyof typeof FAMILY_BITS;

const IPV4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;
const IPV4_MAPPED_PREFIX = 0xffffn << 32n;

function parseIpv4(text: string): bigint | null {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((octet) => IPV4_OCTET.test(octet))) return null;
  return octets.reduce((value, octet) => (value << 8n) | BigInt(octet), 0n);
}

function parseIpv6Groups(text: string): bigint[] | null {
  if (text === '') return [];
  const groups: bigint[] = [];
  const parts = text.split(':');
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === null) return null;
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else if (IPV6_GROUP.test(part)) {
      groups.push(BigInt(`0x${part}`));
    } else {
      return null;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseIpv6Groups(halves[0]);
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1]) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  // "::" stands for at least one zero group; without it the address spells out all eight.
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<bigint>(missing).fill(0n), ...tail].reduce((value, group) => (value << 16n) | group, 0n);
}

/**
 * An address or a CIDR block of either family, as the integer of its first address and a prefix length. An
 * IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) is read as the IPv4 address it carries, so a dual-stack proxy's
 * spelling of a client matches the IPv4 rules written for it.
 */
export class IpRange {
  private constructor(
    readonly family: IpFamily,
    readonly network: bigint,
    readonly prefixLength: number,
  ) {}

  /** An address (`203.0.113.7`, `2001:db8::1`) or a block (`198.51.100.0/24`, `2001:db8::/32`); null if neither. */
  static parse(text: string): IpRange | null {
    const [address, prefix, ...rest] = text.split('/');
    if (rest.length > 0) return null;
    const parsed = IpRange.parseAddress(address);
    if (parsed === null) return null;
    const bits = FAMILY_BITS[parsed.family];
    let prefixLength = bits;
    if (prefix !== undefined) {
      if (!/^(0|[1-9]\d{0,2})$/.test(prefix)) return null;
      // A mapped IPv4 block keeps its length in IPv4 terms: ::ffff:198.51.100.0/120 is 198.51.100.0/24.
      prefixLength = Number(prefix) - (parsed.mapped ? 96 : 0);
      if (prefixLength < 0 || prefixLength > bits) return null;
    }
    const hostBits = BigInt(bits - prefixLength);
    // Host bits set below the prefix are cleared (198.51.100.7/24 is 198.51.100.0/24), as routers read them.
    return new IpRange(parsed.family, (parsed.value >> hostBits) << hostBits, prefixLength);
  }

  private static parseAddress(text: string): { family: IpFamily; value: bigint; mapped: boolean } | null {
    if (text.includes(':')) {
      const value = parseIpv6(text);
      if (value === null) return null;
      if (value >> 32n === IPV4_MAPPED_PREFIX >> 32n) return { family: 4, value: value & 0xffffffffn, mapped: true };
      return { family: 6, value, mapped: false };
    }
    const value = parseIpv4(text);
    return value === null ? null : { family: 4, value, mapped: false };
  }

  /** Whether this range is a single address (a /32 or a /128). */
  get isSingleAddress(): boolean {
    return this.prefixLength === FAMILY_BITS[this.family];
  }

  /**
   * One spelling per range, to key counters by: dotted IPv4, or IPv6 as eight lower-case groups without
   * compression; the prefix only when the range is a block.
   */
  toString(): string {
    const address =
      this.family === 4
        ? [24n, 16n, 8n, 0n].map((shift) => ((this.network >> shift) & 0xffn).toString()).join('.')
        : [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n]
            .map((shift) => ((this.network >> shift) & 0xffffn).toString(16))
            .join(':');
    return this.isSingleAddress ? address : `${address}/${this.prefixLength}`;
  }

  /** Whether every address of `other` lies in this range; an address is a range of one. */
  contains(other: IpRange): boolean {
    if (other.family !== this.family || other.prefixLength < this.prefixLength) return false;
    const hostBits = BigInt(FAMILY_BITS[this.family] - this.prefixLength);
    return other.network >> hostBits === this.network >> hostBits;
  }
}
