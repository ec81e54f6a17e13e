import type { ErrorCode } from './error-codes';

/** Context every NATS request carries. */
export interface RequestMeta {
  tenantId: string;
  userId?: string;
  traceId: string;
  idempotencyKey?: string;
}

/** The NATS request envelope: `{ meta, data }`. */
export interface RequestEnvelope<T> {
  meta: RequestMeta;
  data: T;
}

/** A structured failure: a stable code, a human message and optional details (e.g. the fields that failed). */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Reply of every NATS handler: success with data, or a structured error. Handlers never throw to callers. */
export type Reply<T> = { success: true; data: T } | { success: false; error: ErrorBody };

/** Builds a successful reply. */
export function ok<T>(data: T): Reply<T> {
  return { success: true, data };
}

/** Builds a failed reply. */
export function fail<T = never>(code: ErrorCode, message: string, details?: unknown): Reply<T> {
  return details === undefined
    ? { success: false, error: { code, message } }
    : { success: false, error: { code, message, details } };
}
