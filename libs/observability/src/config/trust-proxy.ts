import { ValidateBy } from 'class-validator';
import { isAddressRange } from '../network/address-range';
import { commaSeparatedItems } from './comma-separated';

/**
 * Which proxies' `X-Forwarded-For` a service believes, in a form Fastify's `trustProxy` takes: none (false), the
 * addresses and CIDR ranges of the proxies, or how many hops in front of the service are proxies.
 */
export type TrustedProxies = false | number | string[];

/** Reads TRUST_PROXY: unset, empty or `false` trusts nothing; digits are a hop count; anything else a list. */
export function trustedProxiesOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '' || text.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  return commaSeparatedItems(text);
}

/**
 * Validates a TrustedProxies. `true` (every hop) is refused on purpose: any client could then name its own address.
 */
export function IsTrustedProxies(): PropertyDecorator {
  return ValidateBy({
    name: 'isTrustedProxies',
    validator: {
      validate: (value: unknown) =>
        value === false ||
        (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 16) ||
        (Array.isArray(value) && value.length > 0 && value.every(isAddressRange)),
      defaultMessage: () =>
        'must be false, a hop count (1-16) or comma-separated addresses and CIDR ranges of the trusted proxies',
    },
  });
}
