import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with one unit of work: an HTTP request, a NATS request, a RabbitMQ message. */
export interface TraceFields {
  traceId: string;
  tenantId?: string;
  transactionId?: string;
}

const storage = new AsyncLocalStorage<TraceFields>();

/** Runs `work` with `fields` as the current trace; logs written inside carry them. */
export function runWithTrace<T>(fields: TraceFields, work: () => T): T {
  return storage.run(fields, work);
}

/** The current trace, if any. */
export function currentTrace(): TraceFields | undefined {
  return storage.getStore();
}

/** The current traceId, or a new one when the work did not arrive with one. */
export function currentTraceId(): string {
  return storage.getStore()?.traceId ?? newTraceId();
}

/** A new trace id (32 hex characters, the W3C trace-id form). */
export function newTraceId(): string {
  return randomUUID().replace(/-/g, '');
}
