import ipaddr from 'ipaddr.js';

/**
 * The source a per-address limit counts a client address as: an IPv4 address (also when IPv4-mapped, as a
 * dual-stack socket reports it), or an IPv6 address's /64, the block one subscriber usually holds, so rotating
 * through it buys no fresh allowance. Anything that is not an address counts as itself.
 */
export function countedSourceOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}
