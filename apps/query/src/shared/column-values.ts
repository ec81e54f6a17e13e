/**
 * An amount of minor units as Postgres returns a bigint (text) turned into the contract's integer. Amounts are
 * accepted only up to Number.MAX_SAFE_INTEGER, so a larger one means corrupt data: refuse rather than round.
 */
export function minorUnits(value: string | number): number {
  const amount = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(amount)) throw new Error(`Amount ${String(value)} is not a safe integer of minor units`);
  return amount;
}

/** A timestamp from Postgres (a Date, or an ISO-like string from inside json_build_object) as ISO 8601. */
export function isoTime(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** Like `isoTime`, keeping null. */
export function isoTimeOrNull(value: Date | string | null): string | null {
  return value === null ? null : isoTime(value);
}
