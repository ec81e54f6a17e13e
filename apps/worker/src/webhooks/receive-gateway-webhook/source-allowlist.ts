import ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Whether `text` is an address (`203.0.113.7`, `2001:db8::1`) or a CIDR range (`203.0.113.0/24`). */
export function isAddressRange(text: unknown): boolean {
  return typeof text === 'string' && rangeOf(text) !== null;
}

/**
 * The source addresses a gateway's callbacks may come from: addresses and CIDR ranges, IPv4 and IPv6. An empty
 * list allows any source. An IPv4 client seen through a dual-stack socket (`::ffff:203.0.113.7`) is matched as the
 * IPv4 address it is.
 */
export class SourceAllowlist {
  private readonly ranges: Range[];

  constructor(entries: readonly string[]) {
    this.ranges = entries.map((entry) => {
      const range = rangeOf(entry);
      if (!range) throw new Error(`Not an address or CIDR range: ${entry}`);
      return range;
    });
  }

  allows(sourceIp: string | null): boolean {
    if (this.ranges.length === 0) return true;
    if (!sourceIp || !ipaddr.isValid(sourceIp)) return false;
    const address = ipaddr.process(sourceIp);
    return this.ranges.some(([network, bits]) => address.kind() === network.kind() && address.match(network, bits));
  }
}

// IPv4 only in its usual four-part form: `10.1` or `0x7f.1` are valid to the parser but never what a list means.
function rangeOf(text: string): Range | null {
  const entry = text.trim();
  const [address = '', bits] = entry.split('/', 2);
  if (!address.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(address)) return null;
  try {
    if (bits === undefined) {
      const single = ipaddr.process(address);
      return [single, single.kind() === 'ipv4' ? 32 : 128];
    }
    return ipaddr.parseCIDR(entry);
  } catch {
    return null;
  }
}
