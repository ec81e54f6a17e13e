import { IsInt, IsUrl, Min } from 'class-validator';
import { ConfigurationError } from './configuration-error';
import { WithDatabase, WithEncryptionKeys, WithNats, WithRedis } from './dependency-settings';
import { loadConfig } from './load-config';
import { RequiredInProduction } from './required-in-production';
import { ServiceConfig } from './service-config';

class ExampleConfig extends WithNats(WithDatabase(ServiceConfig), 'caller') {
  override PORT = 3999;

  @IsInt()
  @Min(1)
  BATCH_SIZE: number = 50;

  @RequiredInProduction()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL: string = 'http://127.0.0.1:3999';
}

class KeyringConfig extends WithEncryptionKeys(ServiceConfig) {}

class RedisConfig extends WithRedis(ServiceConfig) {}

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(ExampleConfig, { NODE_ENV: 'test', ...env });
  } catch (error) {
    if (error instanceof ConfigurationError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('uses local defaults and converts variables to their declared types', () => {
    const config = loadConfig(ExampleConfig, { NODE_ENV: 'test', PORT: '4100', BATCH_SIZE: '7' });
    expect(config.PORT).toBe(4100);
    expect(config.BATCH_SIZE).toBe(7);
    expect(config.DATABASE_URL).toBe('postgres://postgres:postgres@127.0.0.1:5432/ppm');
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('names every invalid variable without echoing its value', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://user:s3cret@db/ppm', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect(problems.join('\n')).not.toContain('s3cret');
  });

  it('in production, requires connection URLs to be set explicitly instead of defaulting to localhost', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.internal:5432/ppm',
      PUBLIC_URL: 'https://ppm.example.com',
    });
    expect(problems).toEqual([
      'NATS_URL must be set when NODE_ENV=production',
      'NATS_USER must be set when NODE_ENV=production (or NATS_CREDS_FILE)',
      'NATS_PASSWORD must be set when NODE_ENV=production (or NATS_CREDS_FILE)',
    ]);
  });

  it('defaults the bus identity to the development user of the role, and in production takes a creds file instead', () => {
    const config = loadConfig(ExampleConfig, { NODE_ENV: 'test' });
    expect([config.NATS_USER, config.NATS_PASSWORD]).toEqual(['ppm-caller', 'ppm-caller-dev']);
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.internal:5432/ppm',
      NATS_URL: 'nats://nats.internal:4222',
      NATS_CREDS_FILE: '/run/secrets/ppm.creds',
      PUBLIC_URL: 'https://ppm.example.com',
    });
    expect(problems).toEqual([]);
  });

  it('refuses to guess NODE_ENV', () => {
    expect(() => loadConfig(ExampleConfig, { DATABASE_URL: 'postgres://db.internal:5432/ppm' })).toThrow(
      /NODE_ENV must be set: development, test or production/,
    );
  });

  it('in production, refuses a development default set explicitly and a plain-http URL', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:5432/ppm',
      NATS_URL: 'nats://nats.internal:4222',
      NATS_CREDS_FILE: '/run/secrets/ppm.creds',
      PUBLIC_URL: 'http://ppm.example.com',
    });
    expect(problems).toEqual([
      'DATABASE_URL must not be the development default when NODE_ENV=production',
      'PUBLIC_URL must be an https URL when NODE_ENV=production',
    ]);
  });

  it('in production, lets a user name keep its development value but never a password', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.internal:5432/ppm',
      NATS_URL: 'nats://nats.internal:4222',
      NATS_USER: 'ppm-caller',
      PUBLIC_URL: 'https://ppm.example.com',
    };
    expect(problemsOf({ ...production, NATS_PASSWORD: 'a-production-password' })).toEqual([]);
    expect(problemsOf({ ...production, NATS_PASSWORD: 'ppm-caller-dev' })).toEqual([
      'NATS_PASSWORD must not be the development default when NODE_ENV=production',
    ]);
  });

  it('reads TRUST_PROXY as none, a hop count or a list of proxy addresses and ranges, and refuses trusting everyone', () => {
    const trusted = (value?: string): unknown =>
      loadConfig(ExampleConfig, { NODE_ENV: 'test', ...(value === undefined ? {} : { TRUST_PROXY: value }) })
        .TRUST_PROXY;
    expect([trusted(), trusted(''), trusted('false')]).toEqual([false, false, false]);
    expect(trusted('2')).toBe(2);
    expect(trusted('10.0.0.0/8, 2001:db8::1')).toEqual(['10.0.0.0/8', '2001:db8::1']);
    for (const refused of ['true', 'proxy.internal', '10.0.0.0/8,nope', '0']) {
      expect(problemsOf({ TRUST_PROXY: refused }).map((p) => p.split(':')[0])).toEqual(['TRUST_PROXY']);
    }
  });

  it('in production, refuses https URLs to localhost, loopback or private addresses, but not private connection URLs', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://10.0.0.5:5432/ppm',
      NATS_URL: 'nats://127.0.0.1:4223',
      NATS_CREDS_FILE: '/run/secrets/ppm.creds',
    };
    expect(problemsOf({ ...production, PUBLIC_URL: 'https://ppm.example.com' })).toEqual([]);
    for (const url of [
      'https://127.0.0.1',
      'https://localhost:8443/ppm',
      'https://LocalHost',
      'https://app.localhost',
      'https://10.1.2.3',
      'https://192.168.0.10:3002',
      'https://169.254.169.254',
      'https://[::1]',
      'https://[::ffff:192.168.0.1]',
      'https://[fd00::1]',
    ]) {
      expect([url, problemsOf({ ...production, PUBLIC_URL: url })]).toEqual([
        url,
        ['PUBLIC_URL must name a public host (not localhost or a private address) when NODE_ENV=production'],
      ]);
    }
  });

  it('in production, refuses a keyring holding the development key in any position, under any id', () => {
    const developmentKey = new KeyringConfig().PPM_ENCRYPTION_KEYS.split(':')[1] ?? '';
    const productionKey = Buffer.alloc(32, 7).toString('base64');
    const keyringProblems = (keyring: string): string[] => {
      try {
        loadConfig(KeyringConfig, { NODE_ENV: 'production', PPM_ENCRYPTION_KEYS: keyring });
      } catch (error) {
        if (error instanceof ConfigurationError) return [...error.problems];
        throw error;
      }
      return [];
    };
    expect(keyringProblems(`prod-1:${productionKey}`)).toEqual([]);
    for (const keyring of [
      `prod-1:${productionKey},dev-1:${developmentKey}`,
      `prod-1:${productionKey}, old:${developmentKey}`,
      `prod-1:${developmentKey}`,
    ]) {
      expect(keyringProblems(keyring)).toEqual([
        'PPM_ENCRYPTION_KEYS must not hold the development default when NODE_ENV=production',
      ]);
    }
  });

  it('explains where the variables are documented', () => {
    expect(() => loadConfig(ExampleConfig, { NODE_ENV: 'test', BATCH_SIZE: '0' })).toThrow(
      /BATCH_SIZE.*\n.*\.env\.example/s,
    );
  });

  it('reads REDIS_SENTINELS as host:port items, and refuses anything else', () => {
    const config = loadConfig(RedisConfig, {
      NODE_ENV: 'test',
      REDIS_SENTINELS: 'sentinel-0.redis:26379, sentinel-1.redis:26379',
    });
    expect(config.REDIS_SENTINELS).toEqual(['sentinel-0.redis:26379', 'sentinel-1.redis:26379']);
    expect(config.REDIS_SENTINEL_MASTER).toBe('ppm-redis');
    expect(loadConfig(RedisConfig, { NODE_ENV: 'test' }).REDIS_SENTINELS).toBeUndefined();
    for (const wrong of ['sentinel-0.redis', 'redis://sentinel:26379', ','])
      expect(() => loadConfig(RedisConfig, { NODE_ENV: 'test', REDIS_SENTINELS: wrong })).toThrow(/REDIS_SENTINELS/);
  });
});
