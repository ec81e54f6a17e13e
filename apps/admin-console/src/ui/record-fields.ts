/** One row of an answer whose fields the console shows as they come. */
export type ApiRecord = Record<string, unknown>;

/** The rows of a list answer: `{ items: [...] }` or a bare array. */
export function recordsOf(data: unknown): ApiRecord[] {
  const items = Array.isArray(data) ? data : (data as { items?: unknown } | null)?.items;
  return Array.isArray(items)
    ? items.filter((item): item is ApiRecord => typeof item === 'object' && item !== null)
    : [];
}

/** A field as text: scalars as they are, anything else as compact JSON. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
