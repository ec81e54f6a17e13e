import { failedAttemptsOf, routeFailure, type RetryPolicy } from './retry-policy';

describe('routeFailure', () => {
  const policy: RetryPolicy = { retryDelaysMs: [1_000, 10_000, 60_000], maxAttempts: 4 };

  it('climbs the ladder one step per failed attempt, then dead-letters after the last attempt', () => {
    expect(routeFailure(0, policy)).toEqual({ kind: 'retry', delayMs: 1_000, failedAttempts: 1 });
    expect(routeFailure(1, policy)).toEqual({ kind: 'retry', delayMs: 10_000, failedAttempts: 2 });
    expect(routeFailure(2, policy)).toEqual({ kind: 'retry', delayMs: 60_000, failedAttempts: 3 });
    expect(routeFailure(3, policy)).toEqual({ kind: 'dead-letter', reason: 'attempts_exhausted', failedAttempts: 4 });
  });

  it('repeats the last step when more attempts are allowed than the ladder has steps', () => {
    const long = { retryDelaysMs: [100, 200], maxAttempts: 6 };
    expect([0, 1, 2, 3, 4, 5].map((n) => routeFailure(n, long))).toEqual([
      { kind: 'retry', delayMs: 100, failedAttempts: 1 },
      { kind: 'retry', delayMs: 200, failedAttempts: 2 },
      { kind: 'retry', delayMs: 200, failedAttempts: 3 },
      { kind: 'retry', delayMs: 200, failedAttempts: 4 },
      { kind: 'retry', delayMs: 200, failedAttempts: 5 },
      { kind: 'dead-letter', reason: 'attempts_exhausted', failedAttempts: 6 },
    ]);
  });

  it('dead-letters a message no retry can fix at once', () => {
    expect(routeFailure(0, policy, 'unprocessable')).toEqual({
      kind: 'dead-letter',
      reason: 'unprocessable',
      failedAttempts: 1,
    });
  });

  it('with a single attempt allowed, never retries', () => {
    expect(routeFailure(0, { retryDelaysMs: [1], maxAttempts: 1 })).toMatchObject({ kind: 'dead-letter' });
  });
});

describe('failedAttemptsOf', () => {
  it('reads the count the consumer recorded, and 0 for a first delivery or a value that is not a count', () => {
    expect(failedAttemptsOf({ 'x-ppm-attempts': 2 })).toBe(2);
    expect(failedAttemptsOf({ 'x-ppm-attempts': '3' })).toBe(3);
    expect(failedAttemptsOf({})).toBe(0);
    expect(failedAttemptsOf(undefined)).toBe(0);
    expect(failedAttemptsOf({ 'x-ppm-attempts': 'many' })).toBe(0);
    expect(failedAttemptsOf({ 'x-ppm-attempts': -1 })).toBe(0);
  });

  it('keeps the count of a message failed by an outage and retries it at the last step, however long it lasts', () => {
    const policy: RetryPolicy = { retryDelaysMs: [1_000, 10_000, 60_000], maxAttempts: 4 };
    expect(routeFailure(3, policy, null, true)).toEqual({ kind: 'retry', delayMs: 60_000, failedAttempts: 3 });
    expect(routeFailure(0, policy, null, true)).toEqual({ kind: 'retry', delayMs: 60_000, failedAttempts: 0 });
    expect(routeFailure(0, policy, 'unprocessable', true)).toMatchObject({ kind: 'dead-letter' });
  });
});
