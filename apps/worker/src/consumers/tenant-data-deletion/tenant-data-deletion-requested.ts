import { isUUID } from 'class-validator';

/**
 * The billing context's TenantDataDeletionRequested as PPM reads it. Its contract is the billing context's; PPM
 * assumes an event envelope like its own, `{ id, type?, occurredAt?, tenantId?, data: { tenantId } }`, with the
 * event id also (or only) in the AMQP `message-id`. The tenant is read from `data.tenantId`, else from the
 * envelope's `tenantId`; it must be a UUID. Other fields are ignored (a tolerant reader: new fields don't break it).
 */
export interface TenantDataDeletionRequested {
  tenantId: string;
}

/** Reads the event, or null when it names no tenant PPM could have (the message can never be handled). */
export function readTenantDataDeletionRequested(body: unknown): TenantDataDeletionRequested | null {
  if (!body || typeof body !== 'object') return null;
  const { data, tenantId } = body as { data?: unknown; tenantId?: unknown };
  const fromData = data && typeof data === 'object' ? (data as { tenantId?: unknown }).tenantId : undefined;
  const candidate = fromData ?? tenantId;
  return typeof candidate === 'string' && isUUID(candidate) ? { tenantId: candidate.toLowerCase() } : null;
}
