import { Injectable } from '@nestjs/common';
import { ErrorCode, type ErrorBody, type Reply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import type { Principal } from '../auth/principal';
import { EdgeError } from './edge-error';

/** What the caller learns instead of a failure's internal message (subjects, hosts, exceptions). */
const PUBLIC_MESSAGES: Partial<Record<ErrorCode, string>> = {
  INTERNAL_ERROR: 'Internal error',
  SERVICE_UNAVAILABLE: 'The service is unavailable; retry later',
  SERVICE_TIMEOUT: 'The service did not answer in time; the outcome is unknown: retry with the same Idempotency-Key',
};

/**
 * Sends a route's one NATS request for its principal: the tenant and user come from the principal, the traceId is
 * the request id, the Idempotency-Key header becomes `meta.idempotencyKey`. A failed reply is thrown as an
 * EdgeError, so the route answers with the code's HTTP status.
 */
@Injectable()
export class NatsGateway {
  constructor(private readonly nats: NatsRequester) {}

  async send<T>(subject: string, data: object, principal: Principal, idempotencyKey?: string): Promise<T> {
    const reply: Reply<T> = await this.nats.request<T>(subject, data, {
      tenantId: principal.tenantId,
      ...(principal.kind === 'user' ? { userId: principal.subject } : {}),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
    if (reply.success) return reply.data;
    throw edgeErrorOf(reply.error);
  }
}

/** A failed reply as the caller may see it: internal failures lose their message and details. */
export function edgeErrorOf({ code, message, details }: ErrorBody): EdgeError {
  const publicMessage = PUBLIC_MESSAGES[code];
  return new EdgeError(code, publicMessage ?? message, publicMessage ? undefined : details);
}
