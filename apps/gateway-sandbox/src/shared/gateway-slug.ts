import type { GatewayType } from '@ppm/gateways';

/** Every gateway the sandbox plays. */
export const GATEWAY_TYPES: readonly GatewayType[] = ['VNPAY', 'MOMO', 'ZALOPAY'];

/** Whether a value names a gateway (`VNPAY`, `MOMO`, `ZALOPAY`). */
export function isGatewayType(value: unknown): value is GatewayType {
  return typeof value === 'string' && (GATEWAY_TYPES as readonly string[]).includes(value);
}

/** The gateway a route segment names (`vnpay`, `momo`, `zalopay`, in any case); null for anything else. */
export function gatewayFromSlug(slug: string): GatewayType | null {
  const upper = slug.toUpperCase();
  return isGatewayType(upper) ? upper : null;
}

/** The lowercase route segment of a gateway. */
export function slugOf(gatewayType: GatewayType): string {
  return gatewayType.toLowerCase();
}
