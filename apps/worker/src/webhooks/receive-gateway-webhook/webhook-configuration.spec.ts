import { ConfigurationError, loadConfig } from '@ppm/observability';
import { WorkerConfig } from '../../worker.config';

describe('the webhook endpoints’ configuration', () => {
  it('defaults to rate limits far above gateway traffic, capped unverified rows and no allowlist', () => {
    expect(loadConfig(WorkerConfig, { NODE_ENV: 'test' })).toMatchObject({
      WEBHOOK_RATE_LIMIT_PER_SOURCE: 6_000,
      WEBHOOK_RATE_LIMIT_PER_GATEWAY: 30_000,
      WEBHOOK_BODY_LIMIT_BYTES: 65_536,
      WEBHOOK_UNVERIFIED_MAX_CHARS: 4_096,
      WEBHOOK_UNVERIFIED_RETENTION_DAYS: 7,
      WEBHOOK_SOURCE_ALLOWLIST_VNPAY: [],
      WEBHOOK_SOURCE_ALLOWLIST_MOMO: [],
      WEBHOOK_SOURCE_ALLOWLIST_ZALOPAY: [],
      WEBHOOK_SOURCE_ALLOWLIST_VIETQR: [],
    });
  });

  it('reads an allowlist as comma-separated addresses and CIDR ranges', () => {
    const config = loadConfig(WorkerConfig, {
      NODE_ENV: 'test',
      WEBHOOK_SOURCE_ALLOWLIST_VNPAY: '203.0.113.0/24, 2001:db8::/32,,',
    });
    expect(config.WEBHOOK_SOURCE_ALLOWLIST_VNPAY).toEqual(['203.0.113.0/24', '2001:db8::/32']);
  });

  it('refuses an allowlist entry that is not an address or range, naming the variable', () => {
    expect(() =>
      loadConfig(WorkerConfig, { NODE_ENV: 'test', WEBHOOK_SOURCE_ALLOWLIST_MOMO: '203.0.113.0/24,momo.vn' }),
    ).toThrow(ConfigurationError);
    expect(() => loadConfig(WorkerConfig, { NODE_ENV: 'test', WEBHOOK_SOURCE_ALLOWLIST_MOMO: 'momo.vn' })).toThrow(
      /WEBHOOK_SOURCE_ALLOWLIST_MOMO/,
    );
  });
});
