import { decide } from './rate-limit-window';

describe('decide (rate-limit math)', () => {
  it('lets a request within the limit pass and counts down what is left', () => {
    expect(decide([{ limit: 10, count: 1, ttlMs: 60_000 }])).toEqual({
      allowed: true,
      limit: 10,
      remaining: 9,
      resetSeconds: 60,
    });
    expect(decide([{ limit: 10, count: 10, ttlMs: 1_200 }])).toEqual({
      allowed: true,
      limit: 10,
      remaining: 0,
      resetSeconds: 2,
    });
  });

  it('refuses past the limit with Retry-After until the window ends, never below one second', () => {
    expect(decide([{ limit: 10, count: 11, ttlMs: 4_500 }])).toEqual({
      allowed: false,
      limit: 10,
      remaining: 0,
      resetSeconds: 5,
      retryAfterSeconds: 5,
    });
    expect(decide([{ limit: 1, count: 2, ttlMs: 0 }]).retryAfterSeconds).toBe(1);
  });

  it('passes only when every counter (tenant and API key) is within its limit', () => {
    const tenant = { limit: 100, count: 40, ttlMs: 30_000 };
    const key = { limit: 5, count: 6, ttlMs: 8_000 };
    expect(decide([tenant, key])).toEqual({
      allowed: false,
      limit: 5,
      remaining: 0,
      resetSeconds: 8,
      retryAfterSeconds: 8,
    });
    expect(decide([tenant, { ...key, count: 3 }])).toMatchObject({ allowed: true, limit: 5, remaining: 2 });
  });

  it('waits for the last exhausted window when several are exhausted', () => {
    const decision = decide([
      { limit: 2, count: 3, ttlMs: 2_000 },
      { limit: 1, count: 5, ttlMs: 9_000 },
    ]);
    expect(decision.retryAfterSeconds).toBe(9);
  });
});
