import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@ppm/contracts';
import type { Principal } from './principal';

/**
 * How a route is called: an admin user's bearer token or an internal service's API key, whose roles must grant one
 * of `roles` (a read that several duties need, such as the audit log, names each of them).
 */
export interface AccessRule {
  via: 'bearer' | 'api-key';
  roles: readonly Role[];
}

export const ACCESS_RULE = 'ppm:access-rule';

/** Admin route: a bearer token whose roles grant one of `roles`. */
export const BearerAccess = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { via: 'bearer', roles } satisfies AccessRule);

/** Internal route: an API key whose roles grant `role`. */
export const ApiKeyAccess = (role: Role): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { via: 'api-key', roles: [role] } satisfies AccessRule);

const principals = new WeakMap<object, Principal>();

/** Remembers the authenticated principal of a request. */
export function setPrincipal(request: FastifyRequest, principal: Principal): void {
  principals.set(request, principal);
}

/** The authenticated principal of a request (the guard has run), if any. */
export function principalOf(request: FastifyRequest): Principal | undefined {
  return principals.get(request);
}

/** Injects the request's authenticated principal into a route handler. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest<FastifyRequest>());
  if (!principal) throw new Error('CurrentPrincipal used on a route without an access rule');
  return principal;
});
