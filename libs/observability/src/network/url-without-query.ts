/**
 * A URL as it may be shown in logs, events and audit rows: its query (where receivers often carry an access token)
 * becomes `?…`. Anything that is not a URL is shown as `(not a URL)`, never as given.
 */
export function urlWithoutQuery(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}
