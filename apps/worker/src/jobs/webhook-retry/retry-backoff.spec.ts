import { MAX_RETRY_DELAY_MS, retryDelayMs } from './retry-backoff';

describe('retryDelayMs', () => {
  const middle = () => 0.5;

  it('waits the base delay after the first failed try, then doubles it per try', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 10_000, middle))).toEqual([
      10_000, 20_000, 40_000, 80_000,
    ]);
  });

  it('never waits more than an hour, however many tries failed', () => {
    expect(retryDelayMs(12, 10_000, middle)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(1_000, 10_000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('spreads the delay by at most 10 % either way', () => {
    expect(retryDelayMs(2, 10_000, () => 0)).toBe(18_000);
    expect(retryDelayMs(2, 10_000, () => 1)).toBe(22_000);
  });
});
