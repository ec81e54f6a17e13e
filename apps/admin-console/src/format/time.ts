import { intlLocaleOf, type Locale } from './money';

/** PPM's business day and every time the console shows are Vietnam's; the zone is written out beside them. */
export const CONSOLE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** An instant as a date and time in Asia/Ho_Chi_Minh, with the zone shown (`01/12/2026, 19:05:03 GMT+7`). */
export function formatTime(iso: string | null, locale: Locale): string {
  if (iso === null) return '—';
  return new Intl.DateTimeFormat(intlLocaleOf(locale), {
    timeZone: CONSOLE_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** The start of a day in Asia/Ho_Chi_Minh (a date input's `yyyy-mm-dd`) as an ISO instant, for the API's filters. */
export function startOfVietnamDay(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}
