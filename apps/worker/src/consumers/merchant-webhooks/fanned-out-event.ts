import { isUUID } from 'class-validator';
import { EventTypes, type MerchantWebhookEventType } from '@ppm/contracts';

/** PPM's events merchants may subscribe to: each routing key and its public type (without `ppm.` and `.v1`). */
export const PUBLIC_TYPE_OF: Readonly<Record<string, MerchantWebhookEventType>> = {
  [EventTypes.paymentCreated]: 'payment.created',
  [EventTypes.paymentSucceeded]: 'payment.succeeded',
  [EventTypes.paymentFailed]: 'payment.failed',
  [EventTypes.paymentCancelled]: 'payment.cancelled',
  [EventTypes.paymentExpired]: 'payment.expired',
  [EventTypes.paymentLateCaptured]: 'payment.late-captured',
  [EventTypes.refundRequested]: 'refund.requested',
  [EventTypes.refundProcessed]: 'refund.processed',
  [EventTypes.refundFailed]: 'refund.failed',
};

/** What the fan-out needs of a PPM event envelope. */
export interface FannedOutEventSource {
  id: string;
  type: MerchantWebhookEventType;
  tenantId: string;
  occurredAt: string;
  /** The refund's id for refund events, else the payment's. */
  subject: { kind: 'payment' | 'refund'; id: string };
}

function uuidAt(record: Record<string, unknown>, field: string): string | null {
  const value = record[field];
  return typeof value === 'string' && isUUID(value) ? value.toLowerCase() : null;
}

/**
 * Reads a PPM event envelope as the outbox relay publishes it (`type` falling back to the routing key); null when it
 * is not one of the public events or lacks what the fan-out needs (a tolerant reader: other fields are ignored).
 */
export function readFannedOutEvent(body: unknown, routingKey: string): FannedOutEventSource | null {
  if (!body || typeof body !== 'object') return null;
  const envelope = body as Record<string, unknown>;
  const routing = typeof envelope['type'] === 'string' ? envelope['type'] : routingKey;
  const type = PUBLIC_TYPE_OF[routing];
  const data = envelope['data'];
  const occurredAt = envelope['occurredAt'];
  if (!type || !data || typeof data !== 'object' || typeof occurredAt !== 'string') return null;
  const id = uuidAt(envelope, 'id');
  const tenantId = uuidAt(envelope, 'tenantId');
  const kind = type.startsWith('refund.') ? 'refund' : 'payment';
  const subjectId = uuidAt(data as Record<string, unknown>, kind === 'refund' ? 'refundId' : 'transactionId');
  if (!id || !tenantId || !subjectId) return null;
  return { id, type, tenantId, occurredAt, subject: { kind, id: subjectId } };
}
