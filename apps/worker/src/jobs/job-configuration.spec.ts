import { ConfigurationError, loadConfig } from '@ppm/observability';
import { WorkerConfig } from '../worker.config';

describe('the scheduled jobs’ configuration', () => {
  it('runs the jobs by default, with the documented periods and limits', () => {
    expect(loadConfig(WorkerConfig, { NODE_ENV: 'test' })).toMatchObject({
      JOBS_ENABLED: true,
      JOB_LEASE_TTL_MS: 30_000,
      JOB_STUCK_PAYMENT_INTERVAL_MS: 60_000,
      JOB_STUCK_PAYMENT_AGE_MS: 300_000,
      JOB_WEBHOOK_RETRY_INTERVAL_MS: 10_000,
      JOB_WEBHOOK_MAX_ATTEMPTS: 20,
      JOB_CLEANUP_INTERVAL_MS: 3_600_000,
      WEBHOOK_RETENTION_DAYS: 90,
      JOB_RUN_RETENTION_DAYS: 30,
    });
  });

  it.each([
    ['false', false],
    ['0', false],
    ['off', false],
    ['true', true],
    ['1', true],
  ])('reads JOBS_ENABLED=%s as %s (not as any non-empty text)', (value, enabled) => {
    expect(loadConfig(WorkerConfig, { NODE_ENV: 'test', JOBS_ENABLED: value }).JOBS_ENABLED).toBe(enabled);
  });

  it('refuses an unreadable flag and periods out of range, naming them', () => {
    try {
      loadConfig(WorkerConfig, {
        NODE_ENV: 'test',
        JOBS_ENABLED: 'maybe',
        JOB_STUCK_PAYMENT_INTERVAL_MS: '10',
        JOB_STUCK_PAYMENT_AGE_MS: '0',
      });
      throw new Error('expected a ConfigurationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      const names = (error as ConfigurationError).problems.map((p) => p.split(':')[0]).sort();
      expect(names).toEqual(['JOBS_ENABLED', 'JOB_STUCK_PAYMENT_INTERVAL_MS']);
    }
  });
});
