import { isIP } from 'node:net';
import { failure, success, type Result } from '@ppm/domain';

/** The rules every URL PPM calls out to must meet in this process. */
export interface OutboundUrlRules {
  /** Production: https only. */
  production: boolean;
  /**
   * Origins exempt from the no-IP-literal rule: the local gateway sandbox (it runs on 127.0.0.1) outside
   * production, nothing in production.
   */
  trustedLocalOrigins: readonly string[];
}

/** A URL that may be called, parsed, or why not (PPM's own words, naming no part of the URL). */
export type OutboundUrlCheck = Result<URL, string>;

/**
 * Checks a URL PPM is about to call or store: http(s) (https only in production), a host name rather than an IP
 * literal, and no user info, query or fragment (which let a stored "base URL" rewrite the URL it is a prefix of).
 * Pure: where the host resolves to is checked at connect time.
 */
export function checkOutboundUrl(raw: string, rules: OutboundUrlRules): OutboundUrlCheck {
  const checked = checkHttpUrl(raw, { production: rules.production, query: false });
  if (!checked.ok) return checked;
  const url = checked.value;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0 && (rules.production || !rules.trustedLocalOrigins.includes(url.origin))) {
    return failure('must name a host, not an IP address');
  }
  return success(url);
}

/**
 * What every URL PPM calls out to must be, whoever gave it: absolute, http(s) (https only in production), without a
 * user name or password (they would be logged and stored with it), without a fragment (never sent), and without a
 * query unless `query` allows one.
 */
export function checkHttpUrl(
  raw: string,
  { production, query }: { production: boolean; query: boolean },
): OutboundUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return failure('is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return failure('must be an http(s) URL');
  if (production && url.protocol !== 'https:') return failure('must be an https URL in production');
  if (url.username !== '' || url.password !== '') return failure('must not carry a user name or password');
  // The serialised URL keeps an empty "?" or "#" that `search` and `hash` report as ''.
  if (!query && url.href.includes('?')) return failure('must not carry a query');
  if (url.href.includes('#')) return failure('must not carry a fragment');
  return success(url);
}
