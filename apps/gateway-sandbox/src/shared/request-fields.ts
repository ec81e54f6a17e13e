/**
 * Defensive reading of gateway request bodies. The real gateways answer malformed requests with their own codes
 * (never HTTP 400), so every read returns null instead of throwing and the caller picks the gateway's code.
 */
export type RequestFields = Readonly<Record<string, unknown>>;

/** The body as a record of fields; anything else (array, string, nothing) has no fields. */
export function fieldsOf(body: unknown): RequestFields {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as RequestFields) : {};
}

/**
 * A field as text. A JSON number is read as its decimal digits, so JSON and form bodies carrying the same value
 * sign the same string.
 */
export function textField(fields: RequestFields, key: string): string | null {
  const value = fields[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A field as a safe integer, from a JSON number or a string of digits. */
export function integerField(fields: RequestFields, key: string): number | null {
  const value = fields[key];
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  return null;
}

/** Whether a string is an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Appends query parameters to a URL that may already carry some. */
export function withQuery(url: string, query: URLSearchParams): string {
  return `${url}${url.includes('?') ? '&' : '?'}${query.toString()}`;
}
