import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@ppm/contracts';
import type { Principal } from './principal';

/** How a route is called: an admin user's bearer token or an internal service's API key. */
export type AccessRule = { via: 'bearer'; role: Role } | { via: 'api-key'; role: Role };

export const ACCESS_RULE = 'ppm:access-rule';

/** Admin route: a bearer token whose roles grant `role`. */
export const BearerAccess = (role: Role): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { via: 'bearer', role } satisfies AccessRule);

/** Internal route: an API key whose roles grant `role`. */
export const ApiKeyAccess = (role: Role): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { via: 'api-key', role } satisfies AccessRule);

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
