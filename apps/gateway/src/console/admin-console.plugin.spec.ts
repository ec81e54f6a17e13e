import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { GatewayConfig } from '../gateway.config';
import { resolveGatewaySettings } from '../gateway-settings';
import { JwtVerifier } from '../auth/jwt-verifier';
import { loadConfig } from '@ppm/observability';
import { adminConsolePlugin } from './admin-console.plugin';
import { consoleSettingsOf, type ConsoleSettings } from './console-settings';

const TENANT = '00000000-0000-4000-8000-000000000001';
const SECRET = 'admin-console-spec-secret-of-at-least-32-characters';

function builtConsole(): string {
  const directory = mkdtempSync(join(tmpdir(), 'admin-console-'));
  mkdirSync(join(directory, 'assets'));
  writeFileSync(join(directory, 'index.html'), '<!doctype html><title>PPM</title>');
  writeFileSync(join(directory, 'assets', 'main-abc123.js'), 'console.log(1)');
  writeFileSync(join(directory, 'secrets.env'), 'NOT=served');
  return directory;
}

function settingsFor(env: Record<string, string>): { console: ConsoleSettings; verifier: JwtVerifier } {
  const config = loadConfig(GatewayConfig, { JWT_SECRET: SECRET, CONSOLE_DIR: builtConsole(), ...env });
  const { jwt } = resolveGatewaySettings(config);
  return { console: consoleSettingsOf(config, jwt), verifier: new JwtVerifier(jwt) };
}

async function serve(settings: ConsoleSettings): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(adminConsolePlugin(settings));
  return app;
}

describe('the admin console under /admin', () => {
  const development = settingsFor({
    NODE_ENV: 'development',
    JWT_ISSUER: 'https://ppm.local',
    JWT_AUDIENCE: 'ppm',
    CONSOLE_DEV_SIGN_IN: 'true',
  });

  it('serves the built files, and index.html for the app’s own paths, under a CSP without inline code', async () => {
    const app = await serve(development.console);
    const page = await app.inject({ method: 'GET', url: '/admin/transactions/123' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>PPM</title>');
    expect(page.headers['cache-control']).toBe('no-cache');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("style-src 'self';");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);

    const asset = await app.inject({ method: 'GET', url: '/admin/assets/main-abc123.js' });
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    // Neither a missing asset nor a file type the build never makes is answered with a page.
    expect((await app.inject({ method: 'GET', url: '/admin/assets/gone.js' })).statusCode).toBe(404);
    const other = await app.inject({ method: 'GET', url: '/admin/secrets.env' });
    expect(other.body).not.toContain('NOT=served');
  });

  it('mints a token the gateway accepts for the role and tenant picked on the development sign-in page', async () => {
    const app = await serve(development.console);
    expect((await app.inject({ method: 'GET', url: '/admin/config.json' })).json()).toEqual({
      signIn: { kind: 'development' },
    });
    const minted = await app.inject({
      method: 'POST',
      url: '/admin/dev-token',
      payload: { role: 'ppm.operator', tenantId: TENANT },
    });
    expect(minted.statusCode).toBe(200);
    const { token } = minted.json<{ data: { token: string } }>().data;
    await expect(development.verifier.verify(token)).resolves.toMatchObject({
      tenantId: TENANT,
      roles: ['ppm.operator'],
    });

    const internal = await app.inject({
      method: 'POST',
      url: '/admin/dev-token',
      payload: { role: 'ppm.internal', tenantId: TENANT },
    });
    expect(internal.statusCode).toBe(400);
    expect(internal.json()).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
  });

  it('refuses the development sign-in outside production too unless CONSOLE_DEV_SIGN_IN=true opts in', async () => {
    const app = await serve(
      settingsFor({ NODE_ENV: 'development', JWT_ISSUER: 'https://ppm.local', JWT_AUDIENCE: 'ppm' }).console,
    );
    const refused = await app.inject({
      method: 'POST',
      url: '/admin/dev-token',
      payload: { role: 'ppm.admin', tenantId: TENANT },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    expect((await app.inject({ method: 'GET', url: '/admin/config.json' })).json()).toEqual({
      signIn: { kind: 'unconfigured' },
    });
  });

  it('refuses the development sign-in with a contract error when NODE_ENV=production, and offers the provider', async () => {
    const production = settingsFor({
      NODE_ENV: 'production',
      NATS_URL: 'nats://nats.internal:4222',
      NATS_USER: 'ppm-gateway',
      NATS_PASSWORD: 'a-production-password',
      REDIS_URL: 'redis://redis.internal:6379',
      JWT_ISSUER: 'https://idp.example',
      JWT_AUDIENCE: 'ppm',
      CONSOLE_OIDC_ISSUER: 'https://idp.example/realms/ppm',
      CONSOLE_OIDC_CLIENT_ID: 'ppm-console',
      CONSOLE_DEV_SIGN_IN: 'true',
    });
    const app = await serve(production.console);
    const refused = await app.inject({
      method: 'POST',
      url: '/admin/dev-token',
      payload: { role: 'ppm.admin', tenantId: TENANT },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    expect((await app.inject({ method: 'GET', url: '/admin/config.json' })).json()).toEqual({
      signIn: {
        kind: 'oidc',
        issuer: 'https://idp.example/realms/ppm',
        clientId: 'ppm-console',
        scope: 'openid profile',
      },
    });
    const page = await app.inject({ method: 'GET', url: '/admin/' });
    expect(page.headers['content-security-policy']).toContain("connect-src 'self' https://idp.example;");
  });
});
