const DAY_MS = 86_400_000;
const GMT7_OFFSET_MS = 7 * 3_600_000;

/**
 * The business days (GMT+7, newest first) whose settlement files are due at `now`: a day's file is expected at
 * `time` (HH:mm GMT+7) on the next day. `lookbackDays` days are returned, so missed days are caught up.
 */
export function dueBusinessDays(now: Date, time: string, lookbackDays: number): string[] {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  // Shift so that "a new due day starts" at time on the GMT+7 calendar: then the due day is the shifted date − 1.
  const shifted = now.getTime() + GMT7_OFFSET_MS - (hours * 60 + minutes) * 60_000;
  const latest = Math.floor(shifted / DAY_MS) - 1;
  return Array.from({ length: lookbackDays }, (_, i) => new Date((latest - i) * DAY_MS).toISOString().slice(0, 10));
}
