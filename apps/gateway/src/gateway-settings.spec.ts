import { generateKeyPairSync } from 'node:crypto';
import { DEV_JWT_SECRET, loadConfig } from '@ppm/observability';
import { GatewayConfig } from './gateway.config';
import { resolveGatewaySettings } from './gateway-settings';

const problemsOf = (env: NodeJS.ProcessEnv): string => {
  try {
    resolveGatewaySettings(loadConfig(GatewayConfig, { NODE_ENV: 'test', ...env }));
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

describe('gateway settings at boot', () => {
  const production = {
    NODE_ENV: 'production',
    NATS_URL: 'nats://n:4222',
    NATS_USER: 'ppm-gateway',
    NATS_PASSWORD: 'secret',
    REDIS_URL: 'redis://r:6379',
    JWT_SECRET: 'x'.repeat(40),
    JWT_ISSUER: 'https://idp.example',
    JWT_AUDIENCE: 'ppm',
  };

  it('works with the local defaults', () => {
    const settings = resolveGatewaySettings(loadConfig(GatewayConfig, { NODE_ENV: 'test' }));
    expect(settings.jwt).toEqual({
      keys: { kind: 'secret', secret: DEV_JWT_SECRET },
      leewaySeconds: 30,
      maxLifetimeSeconds: 3_600,
    });
    expect(settings.authFailures).toEqual({ limit: 20, windowSeconds: 60 });
    expect(settings.tiers['standard']).toEqual({ limit: 600, windowSeconds: 60 });
    expect(settings.corsOrigins).toEqual([]);
  });

  it('names JWT_PUBLIC_KEY when a key-pair algorithm has none', () => {
    expect(problemsOf({ JWT_ALGORITHM: 'ES256' })).toContain(
      'JWT_PUBLIC_KEY must be set when JWT_ALGORITHM is RS256, ES256 or EdDSA',
    );
  });

  it.each([
    ['RS256', generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey],
    ['ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey],
    ['EdDSA', generateKeyPairSync('ed25519').publicKey],
  ] as const)('takes a %s public key in PEM, also on one line with \\n escapes', (algorithm, publicKey) => {
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const settings = resolveGatewaySettings(
      loadConfig(GatewayConfig, {
        NODE_ENV: 'test',
        JWT_ALGORITHM: algorithm,
        JWT_PUBLIC_KEY: pem.replace(/\n/g, '\\n'),
      }),
    );
    expect(settings.jwt.keys).toMatchObject({ kind: 'public-key', algorithm });
    expect(settings.jwt.keys.kind === 'public-key' && settings.jwt.keys.publicKey.equals(publicKey)).toBe(true);
  });

  it('refuses a public key that is not a PEM of the algorithm’s key type', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(problemsOf({ JWT_ALGORITHM: 'ES256', JWT_PUBLIC_KEY: p384 })).toContain(
      'JWT_PUBLIC_KEY must be a PEM public key for ES256',
    );
    expect(problemsOf({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY: 'not a key' })).toContain(
      'JWT_PUBLIC_KEY must be a PEM public key for RS256',
    );
  });

  it('takes keys from a JWKS URL instead of the static key, https only in production', () => {
    const settings = resolveGatewaySettings(
      loadConfig(GatewayConfig, {
        NODE_ENV: 'test',
        JWT_JWKS_URL: 'http://127.0.0.1:8080/jwks.json',
        JWT_JWKS_COOLDOWN_SECONDS: '5',
      }),
    );
    expect(settings.jwt.keys).toEqual({
      kind: 'jwks',
      url: 'http://127.0.0.1:8080/jwks.json',
      refetchCooldownSeconds: 5,
    });
    expect(problemsOf({ JWT_JWKS_URL: 'https://idp.example/jwks', JWT_PUBLIC_KEY: 'x' })).toContain(
      'JWT_JWKS_URL and JWT_PUBLIC_KEY: set one of them, not both',
    );
    expect(problemsOf({ ...production, JWT_JWKS_URL: 'http://idp.example/jwks' })).toContain(
      'JWT_JWKS_URL must be https when NODE_ENV=production',
    );
    expect(problemsOf({ ...production, JWT_JWKS_URL: 'https://idp.example/jwks' })).toBe('');
  });

  it('passes JWT_ISSUER, JWT_AUDIENCE and the maximum lifetime on to the token checks', () => {
    const settings = resolveGatewaySettings(
      loadConfig(GatewayConfig, {
        NODE_ENV: 'test',
        JWT_ISSUER: 'https://idp.example',
        JWT_AUDIENCE: 'ppm',
        JWT_MAX_LIFETIME_SECONDS: '900',
      }),
    );
    expect(settings.jwt).toMatchObject({ issuer: 'https://idp.example', audience: 'ppm', maxLifetimeSeconds: 900 });
  });

  it('refuses to start in production without JWT_ISSUER and JWT_AUDIENCE', () => {
    const { JWT_ISSUER, JWT_AUDIENCE, ...unscoped } = production;
    expect(problemsOf(unscoped)).toContain('JWT_ISSUER must be set when NODE_ENV=production');
    expect(problemsOf(unscoped)).toContain('JWT_AUDIENCE must be set when NODE_ENV=production');
    expect(problemsOf({ ...unscoped, JWT_ISSUER })).not.toContain('JWT_ISSUER');
    expect(problemsOf({ ...unscoped, JWT_AUDIENCE })).not.toContain('JWT_AUDIENCE');
  });

  it('refuses the development secret in production', () => {
    expect(problemsOf({ ...production, JWT_SECRET: DEV_JWT_SECRET })).toContain(
      'JWT_SECRET must be set when NODE_ENV=production',
    );
    expect(problemsOf(production)).toBe('');
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
