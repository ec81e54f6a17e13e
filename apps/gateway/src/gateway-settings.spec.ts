import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '@ppm/observability';
import { GatewayConfig } from './gateway.config';
import { resolveGatewaySettings } from './gateway-settings';

const problemsOf = (env: NodeJS.ProcessEnv): string => {
  try {
    resolveGatewaySettings(loadConfig(GatewayConfig, env));
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

describe('gateway settings at boot', () => {
  it('works with the local defaults', () => {
    const settings = resolveGatewaySettings(loadConfig(GatewayConfig, {}));
    expect(settings.jwt.algorithm).toBe('HS256');
    expect(settings.tiers['standard']).toEqual({ limit: 600, windowSeconds: 60 });
    expect(settings.corsOrigins).toEqual([]);
  });

  it('names JWT_PUBLIC_KEY when RS256 has none', () => {
    expect(problemsOf({ JWT_ALGORITHM: 'RS256' })).toContain('JWT_PUBLIC_KEY must be set when JWT_ALGORITHM=RS256');
  });

  it('takes an RS256 public key in PEM, also on one line with \\n escapes', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const settings = resolveGatewaySettings(
      loadConfig(GatewayConfig, { JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: pem.replace(/\n/g, '\\n') }),
    );
    expect(settings.jwt).toEqual({ algorithm: 'RS256', publicKey: pem, leewaySeconds: 30 });
  });

  it('passes JWT_ISSUER and JWT_AUDIENCE on to the token checks', () => {
    const settings = resolveGatewaySettings(
      loadConfig(GatewayConfig, { JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'ppm' }),
    );
    expect(settings.jwt).toMatchObject({ algorithm: 'HS256', issuer: 'https://idp.example', audience: 'ppm' });
  });

  it('refuses an RS256 public key that is not an RSA PEM', () => {
    expect(problemsOf({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: 'not a key' })).toContain(
      'JWT_PUBLIC_KEY must be an RSA public key in PEM',
    );
  });

  it('refuses the development secret in production', () => {
    const production = {
      NODE_ENV: 'production',
      NATS_URL: 'nats://n:4222',
      NATS_USER: 'ppm-gateway',
      NATS_PASSWORD: 'secret',
      REDIS_URL: 'redis://r:6379',
    };
    expect(problemsOf(production)).toContain('JWT_SECRET must be set when NODE_ENV=production');
    expect(problemsOf({ ...production, JWT_SECRET: 'x'.repeat(40) })).toBe('');
  });

  it('names each bad JSON variable without echoing secrets', () => {
    const message = problemsOf({
      API_KEYS: '[{"id":"orders","sha256":"abc","tenantId":"platform","roles":["ppm.internal"]}]',
      RATE_LIMIT_TIERS: '{"small":{"limit":0,"windowSeconds":1}}',
      RATE_LIMIT_TENANT_TIERS: 'not json',
      CORS_ORIGINS: 'https://admin.example.com,javascript:alert(1)',
    });
    expect(message).toContain('API_KEYS: entry 0 orders needs sha256 of 64 hex characters');
    expect(message).toContain('RATE_LIMIT_TIERS: tier small needs a positive integer limit and windowSeconds');
    expect(message).toContain('RATE_LIMIT_DEFAULT_TIER');
    expect(message).toContain('RATE_LIMIT_TENANT_TIERS: must be valid JSON');
    expect(message).toContain('CORS_ORIGINS: javascript:alert(1) is not an origin');
  });
});
