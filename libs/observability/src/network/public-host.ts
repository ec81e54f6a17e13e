import ipaddr from 'ipaddr.js';
import { isPublicAddress } from './public-address';

/**
 * Whether a URL's host may be on the public internet: not `localhost` (or a name under it) and not an IP literal
 * in a private, loopback, link-local, CGNAT, unique-local, unspecified or reserved range (an IPv4-mapped IPv6
 * literal is judged as its IPv4 address). A DNS name passes: what it resolves to is checked where it is called.
 */
export function isPublicHost(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  return !ipaddr.isValid(host) || isPublicAddress(host);
}
