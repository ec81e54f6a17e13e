/** The longest wait between two tries of a webhook. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * How long to wait before the next try of a webhook after `attemptsMade` tries failed on our side: `baseMs`
 * doubled per try, capped at an hour, spread by ±10 % so webhooks that failed together (an outage) do not all come
 * back in the same instant.
 */
export function retryDelayMs(attemptsMade: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = baseMs * 2 ** Math.max(0, Math.min(attemptsMade - 1, 30));
  const jittered = exponential * (0.9 + 0.2 * random());
  return Math.round(Math.min(MAX_RETRY_DELAY_MS, jittered));
}
