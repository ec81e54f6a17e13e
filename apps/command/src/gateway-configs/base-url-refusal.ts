import { ErrorCode, fail, type Reply } from '@ppm/contracts';
import type { GatewayUrlAllowlist } from '@ppm/gateways';

/**
 * A base URL a tenant names must be one the platform allows for the gateway (else PPM would call wherever a tenant
 * admin points it): the VALIDATION_ERROR reply naming the allowed values, or null when it is allowed or not given.
 */
export function baseUrlRefusal(
  urls: GatewayUrlAllowlist,
  gatewayType: string,
  baseUrl: string | null | undefined,
): Reply<never> | null {
  if (baseUrl === undefined || baseUrl === null) return null;
  const checked = urls.checkBaseUrl(gatewayType, baseUrl);
  if (checked.ok) return null;
  return fail(ErrorCode.VALIDATION_ERROR, checked.error, {
    field: 'baseUrl',
    allowed: urls.allowedBaseUrls(gatewayType),
  });
}
