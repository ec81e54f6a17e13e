import { nextWebhookAttemptDelayMs, WEBHOOK_RETRY_SCHEDULE_MS } from './webhook-retry-schedule';

describe('nextWebhookAttemptDelayMs', () => {
  it('follows the ladder after each failed attempt, and ends after the eighth', () => {
    const middle = (): number => 0.5;
    const delays = [1, 2, 3, 4, 5, 6, 7].map((made) =>
      nextWebhookAttemptDelayMs(WEBHOOK_RETRY_SCHEDULE_MS, made, middle),
    );

    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(nextWebhookAttemptDelayMs(WEBHOOK_RETRY_SCHEDULE_MS, 8, middle)).toBeNull();
  });

  it('jitters each delay within ±10 %', () => {
    expect(nextWebhookAttemptDelayMs(WEBHOOK_RETRY_SCHEDULE_MS, 1, () => 0)).toBe(4_500);
    expect(nextWebhookAttemptDelayMs(WEBHOOK_RETRY_SCHEDULE_MS, 1, () => 0.999_999)).toBe(5_500);
  });
});
