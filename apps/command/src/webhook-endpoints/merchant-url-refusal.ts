import { ErrorCode, fail, type Reply } from '@ppm/contracts';
import { checkMerchantUrl } from '@ppm/gateways';

/**
 * The VALIDATION_ERROR reply for a merchant URL PPM may not call (an endpoint's `url`, a payment's `callbackUrl`), or
 * null when it may (or none was given).
 */
export function merchantUrlRefusal(url: string | undefined, production: boolean, field = 'url'): Reply<never> | null {
  if (url === undefined) return null;
  const checked = checkMerchantUrl(url, production);
  if (checked.ok) return null;
  return fail(ErrorCode.VALIDATION_ERROR, `${field} ${checked.error}`, { field });
}
