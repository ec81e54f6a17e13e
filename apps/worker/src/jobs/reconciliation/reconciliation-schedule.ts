import { gmt7BusinessDay } from '@ppm/gateways';

const DAY_MS = 86_400_000;

/**
 * The business days (GMT+7, newest first) whose settlement files are due at `now`: a day's file is expected at
 * `time` (HH:mm GMT+7) on the next day. `lookbackDays` days are returned, so missed days are caught up.
 */
export function dueBusinessDays(now: Date, time: string, lookbackDays: number): string[] {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  // Day D's file is due from `time` on D+1: the newest due day is the business day of (now − time − one day).
  const newest = now.getTime() - (hours * 60 + minutes) * 60_000 - DAY_MS;
  return Array.from({ length: lookbackDays }, (_, i) => gmt7BusinessDay(new Date(newest - i * DAY_MS)));
}
