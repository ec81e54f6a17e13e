import { ConfigurationError, loadConfig } from '@ppm/observability';
import { CommandConfig } from './command.config';

const DEV_ENCRYPTION_KEYS = new CommandConfig().PPM_ENCRYPTION_KEYS;

const productionProblems = (env: NodeJS.ProcessEnv): readonly string[] => {
  try {
    loadConfig(CommandConfig, {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://ppm@db.internal:5432/ppm',
      NATS_URL: 'nats://nats.internal:4222',
      NATS_USER: 'ppm-command',
      NATS_PASSWORD: 'a-production-password',
      AMQP_URL: 'amqps://ppm@mq.internal:5671',
      REDIS_URL: 'rediss://redis.internal:6380',
      PPM_ENCRYPTION_KEYS: `prod-1:${Buffer.alloc(32, 7).toString('base64')}`,
      GATEWAY_DEFAULT_BASE_URL: 'https://sandbox.vnpayment.vn',
      WORKER_PUBLIC_URL: 'https://ppm-worker.example.com',
      ...env,
    });
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
};

describe('the command service in production', () => {
  it('starts with every secret and URL set explicitly', () => {
    expect(productionProblems({})).toEqual([]);
  });

  it('refuses the development encryption key', () => {
    expect(productionProblems({ PPM_ENCRYPTION_KEYS: DEV_ENCRYPTION_KEYS })).toEqual([
      'PPM_ENCRYPTION_KEYS must not be the development default when NODE_ENV=production',
    ]);
  });

  it('refuses a keyring that still holds the development key behind a production one', () => {
    const productionKey = `prod-2:${Buffer.alloc(32, 9).toString('base64')}`;
    expect(productionProblems({ PPM_ENCRYPTION_KEYS: `${productionKey},${DEV_ENCRYPTION_KEYS}` })).toEqual([
      'PPM_ENCRYPTION_KEYS must not hold the development default when NODE_ENV=production',
    ]);
  });

  it('refuses gateway and worker URLs on localhost or a private address, https or not', () => {
    expect(
      productionProblems({
        GATEWAY_DEFAULT_BASE_URL: 'https://127.0.0.1:3010',
        WORKER_PUBLIC_URL: 'https://localhost',
      }),
    ).toEqual([
      'GATEWAY_DEFAULT_BASE_URL must name a public host (not localhost or a private address) when NODE_ENV=production',
      'WORKER_PUBLIC_URL must name a public host (not localhost or a private address) when NODE_ENV=production',
    ]);
  });

  it('requires the gateway and worker URLs, over https', () => {
    expect(productionProblems({ GATEWAY_DEFAULT_BASE_URL: undefined, WORKER_PUBLIC_URL: undefined })).toEqual([
      'GATEWAY_DEFAULT_BASE_URL must be set when NODE_ENV=production',
      'WORKER_PUBLIC_URL must be set when NODE_ENV=production',
    ]);
    expect(productionProblems({ WORKER_PUBLIC_URL: 'http://ppm-worker.example.com' })).toEqual([
      'WORKER_PUBLIC_URL must be an https URL when NODE_ENV=production',
    ]);
  });
});
