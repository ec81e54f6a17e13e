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

  it('forgets the least recently seen key when full, so a new key is never refused for want of room', () => {
    const limit = new FixedWindowRateLimit(2, 60_000, 2, clock);
    expect(takes(limit, 'a', 2)).toEqual([true, true]);
    expect(limit.take('b')).toBe(true);
    expect(limit.take('a')).toBe(false);
    expect(takes(limit, 'c', 2)).toEqual([true, true]);
    expect(limit.take('a')).toBe(false);
    expect(takes(limit, 'b', 2)).toEqual([true, true]);
  });

  it('lets a key in after a spray of other keys filled its table', () => {
    const limit = new FixedWindowRateLimit(1, 60_000, 100, clock);
    for (let i = 0; i < 1_000; i += 1) limit.take(`spray-${i}`);
    expect(limit.take('gateway')).toBe(true);
    expect(limit.take('gateway')).toBe(false);
  });
});
