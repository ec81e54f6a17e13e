import { failure, success } from '@ppm/domain';
import { isPublicHost } from '@ppm/observability';
import type { OutboundUrlCheck } from './outbound-url-policy';

/**
 * Checks a URL a tenant gives for its webhooks (an endpoint, a payment's callbackUrl): http(s), https only in
 * production, no user info (credentials would be logged and stored with it) and no fragment (never sent). In
 * production the host must not be `localhost` or a non-public IP literal; where a name resolves is checked again at
 * every connect. Unlike a gateway base URL it may carry a query: it is called as it is, never extended.
 */
export function checkMerchantUrl(raw: string, production: boolean): OutboundUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return failure('is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return failure('must be an http(s) URL');
  if (production && url.protocol !== 'https:') return failure('must be an https URL in production');
  if (url.username !== '' || url.password !== '') return failure('must not carry a user name or password');
  if (url.href.includes('#')) return failure('must not carry a fragment');
  if (production && !isPublicHost(url)) return failure('must name a public host in production');
  return success(url);
}
