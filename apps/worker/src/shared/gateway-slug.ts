import type { GatewayType } from '@ppm/gateways';

// A Map, not an object literal: `constructor`, `__proto__` or `toString` must not name a gateway.
const GATEWAYS: ReadonlyMap<string, GatewayType> = new Map([
  ['vnpay', 'VNPAY'],
  ['momo', 'MOMO'],
  ['zalopay', 'ZALOPAY'],
]);

/** The gateway a webhook path names (`vnpay`, `momo`, `zalopay`, any case), or null for anything else. */
export function gatewayOfSlug(slug: string): GatewayType | null {
  return GATEWAYS.get(slug.toLowerCase()) ?? null;
}
