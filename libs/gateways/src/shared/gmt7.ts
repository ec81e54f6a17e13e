const GMT7_OFFSET_MS = 7 * 60 * 60 * 1000;

const two = (n: number): string => String(n).padStart(2, '0');

// Shifting the instant by +7 h and reading UTC fields gives Vietnam's wall clock whatever the process TZ is.
function fields(instant: Date): { y: number; mo: string; d: string; h: string; mi: string; s: string } {
  const shifted = new Date(instant.getTime() + GMT7_OFFSET_MS);
  return {
    y: shifted.getUTCFullYear(),
    mo: two(shifted.getUTCMonth() + 1),
    d: two(shifted.getUTCDate()),
    h: two(shifted.getUTCHours()),
    mi: two(shifted.getUTCMinutes()),
    s: two(shifted.getUTCSeconds()),
  };
}

/** `yyyyMMddHHmmss` in GMT+7 (VNPay's dates). */
export function gmt7Timestamp(instant: Date): string {
  const f = fields(instant);
  return `${f.y}${f.mo}${f.d}${f.h}${f.mi}${f.s}`;
}

/** `yyMMdd` in GMT+7 (ZaloPay's app_trans_id and m_refund_id prefix). */
export function gmt7DatePrefix(instant: Date): string {
  const f = fields(instant);
  return `${String(f.y).slice(2)}${f.mo}${f.d}`;
}

/** `yyyy-MM-dd` in GMT+7: the business day of an instant. */
export function gmt7BusinessDay(instant: Date): string {
  const f = fields(instant);
  return `${f.y}-${f.mo}-${f.d}`;
}

/** Parses a GMT+7 `yyyyMMddHHmmss` back to an instant; null when it is not one. */
export function parseGmt7Timestamp(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s) - GMT7_OFFSET_MS);
  return gmt7Timestamp(date) === value ? date : null;
}

/** The instant a GMT+7 business day `yyyy-MM-dd` starts; null when it is not a date the calendar has. */
export function gmt7DayStart(businessDate: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(businessDate);
  if (!m) return null;
  const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - GMT7_OFFSET_MS);
  return gmt7BusinessDay(start) === businessDate ? start : null;
}
