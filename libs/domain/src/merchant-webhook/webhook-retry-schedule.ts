/**
 * When each attempt of a merchant webhook delivery is made, counted from the failure before it: at once, then 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (a day and a half in all). After the last one the delivery is failed.
 */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

// Spreads retries of one outage (every delivery failed at once) over ±10 % of their delay.
const JITTER = 0.1;

/**
 * How long after its `attemptsMade`-th failed attempt a delivery is tried again, with jitter, or null when
 * `schedule` (its first entry being the first attempt's) is spent and the delivery has failed.
 * @param random a number in [0, 1), as Math.random gives.
 */
export function nextWebhookAttemptDelayMs(
  schedule: readonly number[],
  attemptsMade: number,
  random: () => number,
): number | null {
  const delay = schedule[attemptsMade];
  if (delay === undefined) return null;
  return Math.round(delay * (1 - JITTER + 2 * JITTER * random()));
}
