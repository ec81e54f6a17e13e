import ipaddr from 'ipaddr.js';
import { addressRangeOf, type AddressRange } from '@ppm/observability';

/**
 * The source addresses a gateway's callbacks may come from: addresses and CIDR ranges, IPv4 and IPv6. An empty
 * list allows any source. An IPv4 client seen through a dual-stack socket (`::ffff:203.0.113.7`) is matched as the
 * IPv4 address it is.
 */
export class SourceAllowlist {
  private readonly ranges: AddressRange[];

  constructor(entries: readonly string[]) {
    this.ranges = entries.map((entry) => {
      const range = addressRangeOf(entry);
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
