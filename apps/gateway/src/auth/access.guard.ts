import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ErrorCode, grants } from '@ppm/contracts';
import { currentTrace } from '@ppm/observability';
import { EdgeError } from '../http/edge-error';
import { ACCESS_RULE, setPrincipal, type AccessRule } from './access.decorator';
import { ApiKeyRegistry, TENANT_HEADER } from './api-key-registry';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { InvalidTokenError, JwtVerifier, KeySetUnavailableError } from './jwt-verifier';
import type { Principal } from './principal';

export const API_KEY_HEADER = 'x-api-key';

/**
 * Authenticates and authorizes every route by its access rule: admin routes take only bearer tokens, internal
 * routes only API keys, and the principal's roles must grant one of the route's roles. A route under /api with no
 * rule is refused (fail closed). The tenant is the principal's and joins the request's log context. A source address that
 * presented too many invalid credentials is answered 429 until its window ends, before any credential is checked.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: JwtVerifier,
    private readonly apiKeys: ApiKeyRegistry,
    private readonly failures: AuthFailureThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      if (request.url.startsWith('/api/')) throw new EdgeError(ErrorCode.FORBIDDEN, 'This route is not open');
      return true;
    }
    this.refuseThrottled(request);
    const principal = rule.via === 'bearer' ? await this.bearer(request) : this.apiKey(request);
    if (!rule.roles.some((role) => grants(principal.roles, role))) {
      throw new EdgeError(ErrorCode.FORBIDDEN, `This action needs the role ${rule.roles.join(' or ')}`);
    }
    setPrincipal(request, principal);
    const trace = currentTrace();
    if (trace) trace.tenantId = principal.tenantId;
    return true;
  }

  private refuseThrottled(request: FastifyRequest): void {
    const retryAfterSeconds = this.failures.retryAfterSeconds(request.ip);
    if (retryAfterSeconds === undefined) return;
    throw new EdgeError(
      ErrorCode.RATE_LIMITED,
      `Too many failed authentications from this address; retry after ${retryAfterSeconds} s`,
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }

  private async bearer(request: FastifyRequest): Promise<Principal> {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw unauthorized('This route needs a bearer token (Authorization: Bearer <token>)', 'Bearer');
    }
    try {
      return await this.tokens.verify(token);
    } catch (error) {
      if (error instanceof KeySetUnavailableError) {
        this.logger.error({ err: error }, 'Bearer token not checked: the key set is unavailable');
        throw new EdgeError(ErrorCode.SERVICE_UNAVAILABLE, 'Bearer tokens cannot be checked right now');
      }
      if (!(error instanceof InvalidTokenError)) throw error;
      this.failures.recordFailure(request.ip);
      this.logger.warn({ reason: error.reason, address: request.ip }, 'Bearer token refused');
      throw unauthorized('The bearer token is invalid or expired', 'Bearer error="invalid_token"');
    }
  }

  private apiKey(request: FastifyRequest): Principal {
    const key = request.headers[API_KEY_HEADER];
    if (typeof key !== 'string' || key.length === 0) {
      throw unauthorized('This route needs an API key (X-Api-Key)', 'ApiKey');
    }
    const tenant = request.headers[TENANT_HEADER];
    try {
      return this.apiKeys.authenticate(key, typeof tenant === 'string' ? tenant : undefined);
    } catch (error) {
      if (error instanceof EdgeError && error.code === ErrorCode.UNAUTHORIZED) this.failures.recordFailure(request.ip);
      throw error;
    }
  }
}

function unauthorized(message: string, challenge: string): EdgeError {
  return new EdgeError(ErrorCode.UNAUTHORIZED, message, undefined, { 'WWW-Authenticate': challenge });
}
