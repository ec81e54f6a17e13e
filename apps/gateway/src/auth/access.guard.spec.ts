import { createHash, createHmac } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { FastifyRequest } from 'fastify';
import { EdgeError } from '../http/edge-error';
import { ApiKeyAccess, BearerAccess, principalOf, PublicAccess } from './access.decorator';
import { AccessGuard } from './access.guard';
import { ApiKeyRegistry } from './api-key-registry';
import { JwtVerifier } from './jwt-verifier';
import { Roles } from './roles';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const TENANT_A = '6f1c2a4e-3b5d-4e7f-8a9b-0c1d2e3f4a5b';
const TENANT_B = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const sha256 = (key: string): string => createHash('sha256').update(key).digest('hex');

class Routes {
  @BearerAccess(Roles.viewer) read(): void {}
  @BearerAccess(Roles.operator) refund(): void {}
  @BearerAccess(Roles.admin) configure(): void {}
  @ApiKeyAccess(Roles.internal) pay(): void {}
  @PublicAccess() ping(): void {}
  unmarked(): void {}
}

function token(roles: string[], tenantId = TENANT_A): string {
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ alg: 'HS256' })}.${b64({ sub: 'u1', tenantId, roles, exp: Date.now() / 1000 + 60 })}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

describe('AccessGuard (roles and credentials per route)', () => {
  const guard = new AccessGuard(
    new Reflector(),
    new JwtVerifier({ algorithm: 'HS256', secret: SECRET, leewaySeconds: 0 }),
    new ApiKeyRegistry([
      { id: 'orders', sha256: sha256('tenant-key'), tenantId: TENANT_A, roles: [Roles.internal] },
      { id: 'billing', sha256: sha256('platform-key'), tenantId: 'platform', roles: [Roles.internal] },
      { id: 'reader', sha256: sha256('viewer-key'), tenantId: TENANT_A, roles: [Roles.viewer] },
    ]),
  );

  function call(route: keyof Routes, headers: Record<string, string> = {}, url = '/api/v1/ppm/x') {
    const request = { headers, url } as unknown as FastifyRequest;
    const context = new ExecutionContextHost([request, {}], Routes, Routes.prototype[route]);
    const code = (): string => {
      try {
        guard.canActivate(context);
        return 'ALLOWED';
      } catch (error) {
        if (error instanceof EdgeError) return error.code;
        throw error;
      }
    };
    return { code: code(), principal: principalOf(request) };
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
  ] as const)('%s with roles %j is %s', (route, roles, expected) => {
    expect(call(route, bearer([...roles])).code).toBe(expected);
  });

  it('binds the principal, with the tenant of the token', () => {
    const { principal } = call('read', bearer(['ppm.viewer']));
    expect(principal).toMatchObject({ kind: 'user', subject: 'u1', tenantId: TENANT_A });
  });

  it('refuses admin routes without a bearer token or with an API key', () => {
    expect(call('read').code).toBe('UNAUTHORIZED');
    expect(call('read', { 'x-api-key': 'viewer-key' }).code).toBe('UNAUTHORIZED');
    expect(call('read', { authorization: 'Bearer not.a.token' }).code).toBe('UNAUTHORIZED');
  });

  it('takes internal routes with an API key whose roles grant the route', () => {
    expect(call('pay', { 'x-api-key': 'tenant-key' })).toMatchObject({
      code: 'ALLOWED',
      principal: { kind: 'api-key', tenantId: TENANT_A, apiKeyId: 'orders' },
    });
    expect(call('pay', { 'x-api-key': 'viewer-key' }).code).toBe('FORBIDDEN');
    expect(call('pay', { 'x-api-key': 'unknown-key' }).code).toBe('UNAUTHORIZED');
  });

  it('lets a platform key act for the tenant it names, and a tenant key only for its own tenant', () => {
    expect(call('pay', { 'x-api-key': 'platform-key', 'x-tenant-id': TENANT_B }).principal?.tenantId).toBe(TENANT_B);
    expect(call('pay', { 'x-api-key': 'platform-key' }).code).toBe('VALIDATION_ERROR');
    expect(call('pay', { 'x-api-key': 'tenant-key', 'x-tenant-id': TENANT_B }).code).toBe('FORBIDDEN');
    expect(call('pay', { 'x-api-key': 'tenant-key', 'x-tenant-id': TENANT_A }).code).toBe('ALLOWED');
  });

  it('opens public routes, and refuses /api routes that declare no access rule', () => {
    expect(call('ping').code).toBe('ALLOWED');
    expect(call('unmarked').code).toBe('FORBIDDEN');
    expect(call('unmarked', {}, '/health/ready').code).toBe('ALLOWED');
  });
});
