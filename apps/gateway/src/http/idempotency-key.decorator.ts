import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '@ppm/contracts';
import { EdgeError } from './edge-error';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The request's `Idempotency-Key` header (1 to 255 visible ASCII characters), or undefined without one. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers[IDEMPOTENCY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new EdgeError(ErrorCode.VALIDATION_ERROR, 'Invalid request: Idempotency-Key', {
      fields: [{ field: 'Idempotency-Key', problems: ['Idempotency-Key must be 1 to 255 visible ASCII characters'] }],
    });
  }
  return value;
});
