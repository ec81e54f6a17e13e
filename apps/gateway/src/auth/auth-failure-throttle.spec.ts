import { AuthFailureThrottle } from './auth-failure-throttle';

describe('AuthFailureThrottle', () => {
  let now = Date.parse('2026-11-23T12:00:00Z');
  const throttle = (): AuthFailureThrottle => new AuthFailureThrottle({ limit: 3, windowSeconds: 60 }, () => now);
  const fail = (subject: AuthFailureThrottle, address: string, times: number): void => {
    for (let i = 0; i < times; i += 1) subject.recordFailure(address);
  };

  it('refuses an address once it reached the limit, until its window ends; other addresses are not affected', () => {
    const subject = throttle();
    fail(subject, '203.0.113.7', 2);
    expect(subject.retryAfterSeconds('203.0.113.7')).toBeUndefined();
    now += 15_500;
    fail(subject, '203.0.113.7', 1);
    expect(subject.retryAfterSeconds('203.0.113.7')).toBe(45);
    expect(subject.retryAfterSeconds('203.0.113.8')).toBeUndefined();

    now += 44_499;
    expect(subject.retryAfterSeconds('203.0.113.7')).toBe(1);
    now += 1;
    expect(subject.retryAfterSeconds('203.0.113.7')).toBeUndefined();
    fail(subject, '203.0.113.7', 2);
    expect(subject.retryAfterSeconds('203.0.113.7')).toBeUndefined();
  });

  it('counts an IPv4 address and its IPv4-mapped IPv6 form as one source', () => {
    const subject = throttle();
    fail(subject, '198.51.100.1', 2);
    fail(subject, '::ffff:198.51.100.1', 1);
    expect(subject.retryAfterSeconds('198.51.100.1')).toBe(60);
  });

  it('counts IPv6 addresses per /64', () => {
    const subject = throttle();
    fail(subject, '2001:db8:1:2::1', 1);
    fail(subject, '2001:db8:1:2:ffff::9', 2);
    expect(subject.retryAfterSeconds('2001:db8:1:2::abcd')).toBe(60);
    expect(subject.retryAfterSeconds('2001:db8:1:3::1')).toBeUndefined();
  });
});
