import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { ErrorCode, type Role } from '@ppm/contracts';
import { ApiKeyAccess, BearerAccess } from '../auth/access.decorator';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator';
import { EdgeErrorCode } from './edge-error';
import { IDEMPOTENCY_HEADER } from './idempotency-key.decorator';

export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

/**
 * Every route can fail these ways: bad input (also a body too large or not JSON), no or bad credentials, wrong
 * role, rate limit, PPM unavailable.
 */
const COMMON_ERRORS = [
  ErrorCode.VALIDATION_ERROR,
  EdgeErrorCode.PAYLOAD_TOO_LARGE,
  EdgeErrorCode.UNSUPPORTED_MEDIA_TYPE,
  ErrorCode.UNAUTHORIZED,
  ErrorCode.FORBIDDEN,
  ErrorCode.RATE_LIMITED,
  ErrorCode.INTERNAL_ERROR,
  ErrorCode.SERVICE_UNAVAILABLE,
  ErrorCode.SERVICE_TIMEOUT,
];

const SUCCESS_SCHEMA = {
  type: 'object',
  required: ['success', 'data'],
  properties: { success: { type: 'boolean', enum: [true] }, data: { type: 'object', additionalProperties: true } },
};

interface RouteOptions {
  /** The route's own error codes besides the common ones. */
  errors?: (ErrorCode | EdgeErrorCode)[];
  /** Success status (200 unless the route creates something). */
  status?: number;
  /** The route passes an `Idempotency-Key` header on to its command. */
  idempotent?: boolean;
  /** The route answers CSV instead of the JSON envelope. */
  csv?: boolean;
}

function documented(options: RouteOptions): MethodDecorator & ClassDecorator {
  return applyDecorators(
    options.csv
      ? ApiResponse({ status: 200, description: 'Success', content: { 'text/csv': { schema: { type: 'string' } } } })
      : ApiResponse({ status: options.status ?? 200, description: 'Success', schema: SUCCESS_SCHEMA }),
    ApiErrorResponses(...COMMON_ERRORS, ...(options.errors ?? [])),
    ...(options.idempotent
      ? [
          ApiHeader({
            name: IDEMPOTENCY_HEADER,
            required: false,
            description: 'Repeating a request with the same key returns the first reply',
          }),
        ]
      : []),
  );
}

/**
 * An admin route: bearer token with `role` (or one of several roles), documented with its security scheme and error
 * responses.
 */
export function AdminRoute(role: Role | [Role, ...Role[]], options: RouteOptions = {}): MethodDecorator {
  const roles: [Role, ...Role[]] = typeof role === 'string' ? [role] : role;
  return applyDecorators(BearerAccess(...roles), ApiBearerAuth(BEARER_SCHEME), documented(options));
}

/** An internal route: API key with `role`, documented with its security scheme and error responses. */
export function InternalRoute(role: Role, options: RouteOptions = {}): MethodDecorator {
  return applyDecorators(
    ApiKeyAccess(role),
    ApiSecurity(API_KEY_SCHEME),
    ApiHeader({ name: 'x-tenant-id', required: false, description: 'The tenant, for a platform API key only' }),
    documented(options),
  );
}
