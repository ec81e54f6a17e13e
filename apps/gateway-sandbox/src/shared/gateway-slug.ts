import { isGatewayType as namesGateway, type GatewayType } from '@ppm/domain';

/** Whether a value names a gateway (`VNPAY`, `MOMO`, `ZALOPAY`). */
export function isGatewayType(value: unknown): value is GatewayType {
  return typeof value === 'string' && namesGateway(value);
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
