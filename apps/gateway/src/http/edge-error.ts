import { httpStatusOf, type ErrorCode } from '@ppm/contracts';

/** Codes only the HTTP edge answers with (HTTP-level failures no NATS handler can have). */
export const EdgeErrorCode = {
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
} as const;

/** One of the edge's own codes. */
export type EdgeErrorCode = (typeof EdgeErrorCode)[keyof typeof EdgeErrorCode];

const STATUS_OF: Readonly<Record<ErrorCode | EdgeErrorCode, number>> = {
  ...httpStatusOf,
  ROUTE_NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
};

/** HTTP status of a contract or edge error code. */
export function statusOf(code: ErrorCode | EdgeErrorCode): number {
  return STATUS_OF[code];
}

/**
 * A failure answered as `{ success: false, error: { code, message, details } }` with the code's HTTP status.
 * Thrown by guards, pipes and controllers; the exception filter writes it.
 */
export class EdgeError extends Error {
  constructor(
    readonly code: ErrorCode | EdgeErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers (e.g. Retry-After). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'EdgeError';
  }

  get status(): number {
    return statusOf(this.code);
  }
}
