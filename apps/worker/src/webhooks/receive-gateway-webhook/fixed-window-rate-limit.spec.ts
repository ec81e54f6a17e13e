import { FixedWindowRateLimit } from './fixed-window-rate-limit';

describe('FixedWindowRateLimit', () => {
  let now = 0;
  const clock = () => now;
  const takes = (limit: FixedWindowRateLimit, key: string, count: number): boolean[] =>
    Array.from({ length: count }, () => limit.take(key));

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows `limit` requests of a key per window, then refuses the rest of that window', () => {
    const limit = new FixedWindowRateLimit(3, 60_000, 100, clock);
    expect(takes(limit, 'a', 5)).toEqual([true, true, true, false, false]);
    now += 59_999;
    expect(limit.take('a')).toBe(false);
    now += 1;
    expect(takes(limit, 'a', 4)).toEqual([true, true, true, false]);
  });

  it('counts each key on its own', () => {
    const limit = new FixedWindowRateLimit(2, 60_000, 100, clock);
    expect(takes(limit, 'a', 3)).toEqual([true, true, false]);
    expect(takes(limit, 'b', 3)).toEqual([true, true, false]);
  });

  it('refuses keys it has no room for until the window ends, and keeps counting the ones it has', () => {
    const limit = new FixedWindowRateLimit(2, 60_000, 2, clock);
    expect([limit.take('a'), limit.take('b'), limit.take('c')]).toEqual([true, true, false]);
    expect(limit.take('a')).toBe(true);
    now += 60_000;
    expect(limit.take('c')).toBe(true);
  });
});
