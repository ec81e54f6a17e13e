import { failure } from '@ppm/domain';
import { isPublicHost } from '@ppm/observability';
import { checkHttpUrl, type OutboundUrlCheck } from './outbound-url-policy';

/**
 * Checks a URL a tenant gives for its webhooks (an endpoint, a payment's callbackUrl): http(s), https only in
 * production, no user info (credentials would be logged and stored with it) and no fragment (never sent). In
 * production the host must not be `localhost` or a non-public IP literal; where a name resolves is checked again at
 * every connect. Unlike a gateway base URL it may carry a query: it is called as it is, never extended.
 */
export function checkMerchantUrl(raw: string, production: boolean): OutboundUrlCheck {
  const checked = checkHttpUrl(raw, { production, query: true });
  if (!checked.ok) return checked;
  if (production && !isPublicHost(checked.value)) return failure('must name a public host in production');
  return checked;
}
