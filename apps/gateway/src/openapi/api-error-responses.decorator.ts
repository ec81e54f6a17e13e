import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { ErrorCode } from '@ppm/contracts';
import { statusOf, type EdgeErrorCode } from '../http/edge-error';

/** The error body's schema, with the codes a route can answer for one status. */
function errorSchema(codes: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    required: ['success', 'error'],
    properties: {
      success: { type: 'boolean', enum: [false] },
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: [...codes] },
          message: { type: 'string' },
          details: { type: 'object', additionalProperties: true },
        },
      },
    },
  };
}

/** Documents a route's error responses, one per HTTP status, each naming its error codes. */
export function ApiErrorResponses(...codes: (ErrorCode | EdgeErrorCode)[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, string[]>();
  for (const code of new Set(codes)) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  return applyDecorators(
    ...[...byStatus].map(([status, statusCodes]) =>
      ApiResponse({ status, description: statusCodes.join(' | '), schema: errorSchema(statusCodes) }),
    ),
  );
}
