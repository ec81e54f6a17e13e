import ipaddr from 'ipaddr.js';

/** A network and its prefix length: `203.0.113.0/24`, or a single address as a /32 (IPv4) or /128 (IPv6). */
export type AddressRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Parses an address (`203.0.113.7`, `2001:db8::1`) or a CIDR range (`203.0.113.0/24`), or answers null. IPv4 only
 * in its usual four-part form: `10.1` or `0x7f.1` are valid to the parser but never what a setting means.
 */
export function addressRangeOf(text: string): AddressRange | null {
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

/** Whether `text` is an address or a CIDR range (see addressRangeOf). */
export function isAddressRange(text: unknown): boolean {
  return typeof text === 'string' && addressRangeOf(text) !== null;
}
