/** The text of a scalar field of a gateway's JSON (string, number, bigint, boolean); '' for anything else. */
export function scalarText(value: unknown): string {
  return typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean'
    ? String(value)
    : '';
}

/** The text of a scalar field, or null when it is absent, empty or zero-like "no id" values. */
export function optionalId(value: unknown): string | null {
  const text = scalarText(value);
  return text === '' || text === '0' ? null : text;
}

/**
 * A gateway's numeric result code as sent (a JSON integer, or its digits); NaN for anything else (missing, empty,
 * null, a boolean), which every gateway's code table reads as unknown, so a missing code never reads as 0.
 */
export function integerCode(value: unknown): number {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number.NaN;
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}
