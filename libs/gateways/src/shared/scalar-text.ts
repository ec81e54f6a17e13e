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
