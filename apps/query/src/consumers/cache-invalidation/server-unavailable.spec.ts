import { CacheUnavailableError } from '@ppm/cache';
import { isServerUnavailable } from './cache-invalidation.consumer';

describe('which cache-invalidation failures are retried for as long as they last', () => {
  it('counts unreachable Redis or Postgres as an outage', () => {
    expect(isServerUnavailable(new CacheUnavailableError('redis down'))).toBe(true);
    expect(isServerUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isServerUnavailable(Object.assign(new Error('admin shutdown'), { code: '57P01' }))).toBe(true);
    expect(isServerUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isServerUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it("counts the event's own failures, timeouts of its statements included, toward the delivery limit", () => {
    const statementTimeout = Object.assign(new Error('canceling statement due to statement timeout'), {
      code: '57014',
    });
    const lockTimeout = Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' });
    expect(isServerUnavailable(statementTimeout)).toBe(false);
    expect(isServerUnavailable(lockTimeout)).toBe(false);
    expect(isServerUnavailable(new Error('cannot connect the dots in this event'))).toBe(false);
  });
});
