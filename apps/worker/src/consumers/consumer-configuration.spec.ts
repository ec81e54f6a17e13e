import { ConfigurationError, loadConfig } from '@ppm/observability';
import { WorkerConfig } from '../worker.config';

describe('the consumers’ configuration', () => {
  it('consumes the billing context’s TenantDataDeletionRequested by default, with a 1 s / 10 s / 60 s ladder', () => {
    expect(loadConfig(WorkerConfig, { NODE_ENV: 'test' })).toMatchObject({
      CONSUMERS_ENABLED: true,
      CONSUMER_PREFETCH: 4,
      CONSUMER_RETRY_DELAYS_MS: [1_000, 10_000, 60_000],
      CONSUMER_MAX_ATTEMPTS: 4,
      TENANT_DELETION_EXCHANGE: 'bum.events',
      TENANT_DELETION_EXCHANGE_TYPE: 'topic',
      TENANT_DELETION_ROUTING_KEY: 'bum.tenant.data-deletion-requested.v1',
      TENANT_DELETION_QUEUE: 'ppm.worker.tenant-data-deletion',
    });
  });

  it('reads the retry ladder as comma-separated milliseconds', () => {
    expect(
      loadConfig(WorkerConfig, { NODE_ENV: 'test', CONSUMER_RETRY_DELAYS_MS: ' 200, 500,2000 ' })
        .CONSUMER_RETRY_DELAYS_MS,
    ).toEqual([200, 500, 2_000]);
  });

  it.each(['', 'soon', '100,later', '5'])('refuses the retry ladder %j, naming it', (value) => {
    try {
      loadConfig(WorkerConfig, { NODE_ENV: 'test', CONSUMER_RETRY_DELAYS_MS: value });
      throw new Error('expected a ConfigurationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).problems.map((p) => p.split(':')[0])).toEqual(['CONSUMER_RETRY_DELAYS_MS']);
    }
  });

  it('refuses an exchange type the broker does not have', () => {
    expect(() => loadConfig(WorkerConfig, { NODE_ENV: 'test', TENANT_DELETION_EXCHANGE_TYPE: 'fan' })).toThrow(
      ConfigurationError,
    );
  });
});
