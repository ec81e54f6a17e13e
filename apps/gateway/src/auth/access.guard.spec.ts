import { createHash, createHmac } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { FastifyRequest } from 'fastify';
import { Roles } from '@ppm/contracts';
import { EdgeError } from '../http/edge-error';
import { ApiKeyAccess, BearerAccess, principalOf } from './access.decorator';
import { AccessGuard } from './access.guard';
import { ApiKeyRegistry } from './api-key-registry';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { JwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const TENANT_A = '6f1c2a4e-3b5d-4e7f-8a9b-0c1d2e3f4a5b';
const TENANT_B = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const sha256 = (key: string): string => createHash('sha256').update(key).digest('hex');

class Routes {
  @BearerAccess(Roles.viewer) read(): void {}
  @BearerAccess(Roles.operator) refund(): void {}
  @BearerAccess(Roles.admin) configure(): void {}
  @ApiKeyAccess(Roles.internal) pay(): void {}
  unmarked(): void {}
}

function token(roles: string[], tenantId = TENANT_A): string {
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ alg: 'HS256' })}.${b64({ sub: 'u1', tenantId, roles, exp: Date.now() / 1000 + 60 })}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

describe('AccessGuard (roles and credentials per route)', () => {
  let guard: AccessGuard;
  beforeEach(() => {
    guard = new AccessGuard(
      new Reflector(),
      new JwtVerifier({ keys: { kind: 'secret', secret: SECRET }, leewaySeconds: 0, maxLifetimeSeconds: 3_600 }),
      new ApiKeyRegistry([
        { id: 'orders', sha256: sha256('tenant-key'), tenantId: TENANT_A, roles: [Roles.internal] },
        { id: 'billing', sha256: sha256('platform-key'), tenantId: 'platform', roles: [Roles.internal] },
        { id: 'reader', sha256: sha256('viewer-key'), tenantId: TENANT_A, roles: [Roles.viewer] },
      ]),
      new AuthFailureThrottle({ limit: 3, windowSeconds: 60 }),
    );
  });

  async function call(
    route: keyof Routes,
    headers: Record<string, string> = {},
    url = '/api/v1/ppm/x',
    ip = '192.0.2.10',
  ): Promise<{ code: string; principal?: Principal; error?: EdgeError }> {
    const request = { headers, url, ip } as unknown as FastifyRequest;
    const context = new ExecutionContextHost([request, {}], Routes, Routes.prototype[route]);
    try {
      await guard.canActivate(context);
      return { code: 'ALLOWED', principal: principalOf(request) };
    } catch (error) {
      if (error instanceof EdgeError) return { code: error.code, error };
      throw error;
    }
  }
  const bearer = (roles: string[]): Record<string, string> => ({ authorization: `Bearer ${token(roles)}` });

  it.each([
    ['read', ['ppm.viewer'], 'ALLOWED'],
    ['read', ['ppm.operator'], 'ALLOWED'],
    ['read', ['ppm.admin'], 'ALLOWED'],
    ['refund', ['ppm.viewer'], 'FORBIDDEN'],
    ['refund', ['ppm.operator'], 'ALLOWED'],
    ['refund', ['ppm.admin'], 'FORBIDDEN'],
    ['configure', ['ppm.operator'], 'FORBIDDEN'],
    ['configure', ['ppm.admin'], 'ALLOWED'],
    ['read', [], 'FORBIDDEN'],
    ['pay', ['ppm.internal'], 'UNAUTHORIZED'],
  ] as const)('%s with roles %j is %s', async (route, roles, expected) => {
    expect((await call(route, bearer([...roles]))).code).toBe(expected);
  });

  it('binds the principal, with the tenant of the token', async () => {
    const { principal } = await call('read', bearer(['ppm.viewer']));
    expect(principal).toMatchObject({ kind: 'user', subject: 'u1', tenantId: TENANT_A });
  });

  it('refuses admin routes without a bearer token or with an API key', async () => {
    expect((await call('read')).code).toBe('UNAUTHORIZED');
    expect((await call('read', { 'x-api-key': 'viewer-key' })).code).toBe('UNAUTHORIZED');
    expect((await call('read', { authorization: 'Bearer not.a.token' })).code).toBe('UNAUTHORIZED');
  });

  it('takes internal routes with an API key whose roles grant the route', async () => {
    expect(await call('pay', { 'x-api-key': 'tenant-key' })).toMatchObject({
      code: 'ALLOWED',
      principal: { kind: 'api-key', tenantId: TENANT_A, apiKeyId: 'orders' },
    });
    expect((await call('pay', { 'x-api-key': 'viewer-key' })).code).toBe('FORBIDDEN');
    expect((await call('pay', { 'x-api-key': 'unknown-key' })).code).toBe('UNAUTHORIZED');
  });

  it('lets a platform key act for the tenant it names, and a tenant key only for its own tenant', async () => {
    expect((await call('pay', { 'x-api-key': 'platform-key', 'x-tenant-id': TENANT_B })).principal?.tenantId).toBe(
      TENANT_B,
    );
    expect((await call('pay', { 'x-api-key': 'platform-key' })).code).toBe('VALIDATION_ERROR');
    expect((await call('pay', { 'x-api-key': 'tenant-key', 'x-tenant-id': TENANT_B })).code).toBe('FORBIDDEN');
    expect((await call('pay', { 'x-api-key': 'tenant-key', 'x-tenant-id': TENANT_A })).code).toBe('ALLOWED');
  });

  it('refuses /api routes that declare no access rule, and leaves the others (health) to themselves', async () => {
    expect((await call('unmarked')).code).toBe('FORBIDDEN');
    expect((await call('unmarked', {}, '/health/ready')).code).toBe('ALLOWED');
  });

  it('answers 429 with Retry-After to an address after the limit of invalid credentials, a valid one included', async () => {
    const attacker = '198.51.100.23';
    const guess = { authorization: 'Bearer not.a.token' };
    expect((await call('read', guess, undefined, attacker)).code).toBe('UNAUTHORIZED');
    expect((await call('pay', { 'x-api-key': 'guessed-key' }, undefined, attacker)).code).toBe('UNAUTHORIZED');
    // Credentials not presented at all are no guess: they are not counted.
    for (let i = 0; i < 5; i += 1) expect((await call('read', {}, undefined, attacker)).code).toBe('UNAUTHORIZED');
    expect((await call('read', bearer(['ppm.viewer']), undefined, attacker)).code).toBe('ALLOWED');

    expect((await call('read', guess, undefined, attacker)).code).toBe('UNAUTHORIZED');
    const limited = await call('read', bearer(['ppm.viewer']), undefined, attacker);
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.error?.headers).toEqual({ 'Retry-After': '60' });
    expect((await call('pay', { 'x-api-key': 'tenant-key' }, undefined, attacker)).code).toBe('RATE_LIMITED');
    // Another address, and the routes outside /api, are not affected.
    expect((await call('read', bearer(['ppm.viewer']))).code).toBe('ALLOWED');
    expect((await call('unmarked', {}, '/health/ready', attacker)).code).toBe('ALLOWED');
  });

  it('answers 503 when the key set cannot be read, without counting it against the caller', async () => {
    guard = new AccessGuard(
      new Reflector(),
      new JwtVerifier({
        keys: { kind: 'jwks', url: 'http://127.0.0.1:1/jwks.json', refetchCooldownSeconds: 0 },
        leewaySeconds: 0,
        maxLifetimeSeconds: 3_600,
      }),
      new ApiKeyRegistry([]),
      new AuthFailureThrottle({ limit: 1, windowSeconds: 60 }),
    );
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url');
    const signed = { authorization: `Bearer ${header}.${Buffer.from('{}').toString('base64url')}.c2ln` };
    expect((await call('read', signed)).code).toBe('SERVICE_UNAVAILABLE');
    expect((await call('read', signed)).code).toBe('SERVICE_UNAVAILABLE');
  });
});
