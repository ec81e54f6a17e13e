import { UsageError } from './usage-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A whole-number option's value, at least `min`; undefined when it was not given. */
export function wholeNumber(text: string | undefined, name: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be a whole number of at least ${min}`);
  }
  return value;
}

/** An option's value out of a fixed set, case-insensitively; undefined when it was not given. */
export function oneOf(text: string | undefined, allowed: readonly string[], name: string): string | undefined {
  if (text === undefined) return undefined;
  const upper = text.toUpperCase();
  if (!allowed.includes(upper)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return upper;
}

/** A tenant's id (a UUID) given as `--tenant`. */
export function tenantId(text: string | undefined): string {
  if (text === undefined || !UUID.test(text)) throw new UsageError('--tenant must be a tenant UUID');
  return text;
}

/** Whether a text is a UUID. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
