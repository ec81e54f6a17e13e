import { isUUID } from 'class-validator';
import { EventTypes } from '@ppm/contracts';

/** PPM's own payment and refund outcome events that the customer is told about (their routing keys). */
export const NOTIFIED_EVENT_TYPES = [
  EventTypes.paymentSucceeded,
  EventTypes.paymentFailed,
  EventTypes.paymentCancelled,
  EventTypes.paymentExpired,
  EventTypes.refundProcessed,
  EventTypes.refundFailed,
] as const;

/** One of the notified event types. */
export type NotifiedEventType = (typeof NOTIFIED_EVENT_TYPES)[number];

const REFUND_EVENT_TYPES: readonly string[] = [EventTypes.refundProcessed, EventTypes.refundFailed];

/**
 * The `data` of the request sent to the notification context: only what a notifier needs to tell the customer and
 * to deduplicate (`eventId`). Never gateway codes, gateway ids, failure details or anything secret.
 */
export interface PaymentNotificationData {
  /** The event type (its routing key), e.g. `ppm.payment.succeeded.v1`. */
  kind: NotifiedEventType;
  /** The event's id: the same event notified twice (a redelivery after a crash) carries the same one. */
  eventId: string;
  transactionId: string;
  /** Refund events only. */
  refundId?: string;
  /** Minor units as a decimal string: the payment's amount, or the refund's for refund events. */
  amount: string;
  currency: string;
  sourceBoundedContext: string;
  sourceTransactionId: string;
  occurredAt: string;
}

/** What the consumer sends: the data, and the tenant it belongs to (`meta.tenantId`). */
export interface PaymentNotification {
  tenantId: string;
  data: PaymentNotificationData;
}

/** Why an event cannot be turned into a notification (it never could: retries cannot fix it). */
export class UnreadableEventError extends Error {
  constructor(reason: string) {
    super(`not a notifiable payment event: ${reason}`);
    this.name = 'UnreadableEventError';
  }
}

function isNotified(type: unknown): type is NotifiedEventType {
  return typeof type === 'string' && (NOTIFIED_EVENT_TYPES as readonly string[]).includes(type);
}

function text(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field];
  if (typeof value !== 'string' || value === '') throw new UnreadableEventError(`${where}.${field} is missing`);
  return value;
}

/**
 * Reads a PPM event envelope (`{ id, type, occurredAt, tenantId, data: { transactionId, amount, currency, … } }`,
 * as the outbox relay publishes it) into the notification to send. `type` falls back to the routing key and `id`
 * to the AMQP message id. Fields the notifier does not need are dropped (a tolerant reader: new fields don't break
 * it). Throws `UnreadableEventError` for an event that is not one of the notified kinds or lacks a field.
 */
export function readPaymentOutcomeEvent(
  body: unknown,
  fallback: { messageId: string | null; routingKey: string },
): PaymentNotification {
  if (!body || typeof body !== 'object') throw new UnreadableEventError('the body is not an object');
  const envelope = body as Record<string, unknown>;
  const kind = envelope['type'] ?? fallback.routingKey;
  if (!isNotified(kind)) throw new UnreadableEventError(`type ${JSON.stringify(kind)} is not notified`);
  const eventId = typeof envelope['id'] === 'string' && envelope['id'] ? envelope['id'] : fallback.messageId;
  if (!eventId) throw new UnreadableEventError('the event has no id');
  const tenantId = envelope['tenantId'];
  if (typeof tenantId !== 'string' || !isUUID(tenantId)) throw new UnreadableEventError('tenantId is not a UUID');
  const data = envelope['data'];
  if (!data || typeof data !== 'object') throw new UnreadableEventError('data is missing');
  const fields = data as Record<string, unknown>;
  return {
    tenantId: tenantId.toLowerCase(),
    data: {
      kind,
      eventId,
      transactionId: text(fields, 'transactionId', 'data'),
      ...(REFUND_EVENT_TYPES.includes(kind) ? { refundId: text(fields, 'refundId', 'data') } : {}),
      amount: text(fields, 'amount', 'data'),
      currency: text(fields, 'currency', 'data'),
      sourceBoundedContext: text(fields, 'sourceBoundedContext', 'data'),
      sourceTransactionId: text(fields, 'sourceTransactionId', 'data'),
      occurredAt: text(envelope, 'occurredAt', 'envelope'),
    },
  };
}
