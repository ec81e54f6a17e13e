import ipaddr from 'ipaddr.js';

/**
 * Whether an address is on the public internet: refuses private, loopback, link-local, CGNAT, multicast,
 * unspecified, broadcast and reserved IPv4, IPv6 unique-local, and every IPv6 form that embeds an IPv4 address
 * (mapped, NAT64, 6to4, Teredo), since the embedded address could be any of those. Anything unparsable is not public.
 */
export function isPublicAddress(address: string): boolean {
  try {
    // process() turns ::ffff:a.b.c.d into a.b.c.d, so a mapped private address is judged as the IPv4 it is.
    return ipaddr.process(address).range() === 'unicast';
  } catch {
    return false;
  }
}

/** Whether an address is a loopback one (127.0.0.0/8, ::1, or an IPv4-mapped 127.x): this very host. */
export function isLoopbackAddress(address: string): boolean {
  try {
    return ipaddr.process(address).range() === 'loopback';
  } catch {
    return false;
  }
}
