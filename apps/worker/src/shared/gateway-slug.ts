import { isGatewayType, type GatewayType } from '@ppm/domain';

/** The gateway a webhook or return path names (`vnpay`, `momo`, `zalopay`, any case), or null for anything else. */
export function gatewayOfSlug(slug: string): GatewayType | null {
  const upper = slug.toUpperCase();
  return isGatewayType(upper) ? upper : null;
}
