import { isPaymentMethod, type PaymentMethod } from '../payment/payment-method';
import { validationError } from '../shared/domain.errors';
import { failure, success, type Result } from '../shared/result';
import { unsupportedPaymentMethod } from './gateway-configuration.errors';

/** Longest configuration name (the admin UI's column, and a sane bound). */
export const MAX_GATEWAY_CONFIGURATION_NAME_LENGTH = 100;

/** A configuration's name, trimmed: non-empty and at most 100 characters. Unique per tenant is persistence's check. */
export function parseConfigurationName(name: string): Result<string> {
  const trimmed = name.trim();
  if (trimmed === '') return failure(validationError('name', 'A gateway configuration needs a name'));
  if (trimmed.length > MAX_GATEWAY_CONFIGURATION_NAME_LENGTH) {
    return failure(
      validationError(
        'name',
        `A gateway configuration name has at most ${MAX_GATEWAY_CONFIGURATION_NAME_LENGTH} characters`,
      ),
    );
  }
  return success(trimmed);
}

/** An http(s) URL of the gateway host, or null for the adapter's default host. */
export function parseBaseUrl(baseUrl: string | null): Result<string | null> {
  if (baseUrl === null) return success(null);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return failure(validationError('baseUrl', 'baseUrl must be an absolute http(s) URL'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return failure(validationError('baseUrl', 'baseUrl must be an absolute http(s) URL'));
  }
  return success(baseUrl);
}

/**
 * At least one payment method, each one PPM knows (else UNSUPPORTED_PAYMENT_METHOD), without repeats, in the
 * order given.
 */
export function parseSupportedPaymentMethods(methods: readonly string[]): Result<readonly PaymentMethod[]> {
  if (methods.length === 0) {
    return failure(validationError('supportedPaymentMethods', 'A gateway configuration supports at least one method'));
  }
  const parsed: PaymentMethod[] = [];
  for (const method of methods) {
    if (!isPaymentMethod(method)) return failure(unsupportedPaymentMethod(method));
    if (!parsed.includes(method)) parsed.push(method);
  }
  return success(parsed);
}
