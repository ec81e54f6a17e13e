import { randomUUID } from 'node:crypto';
import { EventTypes } from '@ppm/contracts';
import { readFannedOutEvent } from './fanned-out-event';

const envelope = (type: string, data: object) => ({
  id: randomUUID(),
  type,
  occurredAt: '2026-12-01T10:00:00.000Z',
  tenantId: randomUUID(),
  data,
});

describe('readFannedOutEvent', () => {
  const transactionId = randomUUID();
  const refundId = randomUUID();

  it('names the public type without ppm. and .v1, and what the event is about', () => {
    const payment = envelope(EventTypes.paymentLateCaptured, { transactionId });
    const refund = envelope(EventTypes.refundFailed, { transactionId, refundId });

    expect(readFannedOutEvent(payment, 'ignored')).toEqual({
      id: payment.id,
      type: 'payment.late-captured',
      tenantId: payment.tenantId,
      occurredAt: payment.occurredAt,
      subject: { kind: 'payment', id: transactionId },
    });
    expect(readFannedOutEvent(refund, 'ignored')).toMatchObject({
      type: 'refund.failed',
      subject: { kind: 'refund', id: refundId },
    });
  });

  it('falls back to the routing key for the type', () => {
    const untyped: Record<string, unknown> = envelope(EventTypes.paymentCreated, { transactionId });
    delete untyped['type'];

    expect(readFannedOutEvent(untyped, EventTypes.paymentExpired)).toMatchObject({ type: 'payment.expired' });
  });

  it.each([
    ['an event merchants cannot subscribe to', envelope(EventTypes.gatewayConfigAdded, { transactionId })],
    ['a refund event without its refund', envelope(EventTypes.refundProcessed, { transactionId })],
    ['an event without a tenant', { ...envelope(EventTypes.paymentCreated, { transactionId }), tenantId: null }],
    ['an event whose id is not a UUID', { ...envelope(EventTypes.paymentCreated, { transactionId }), id: 'x' }],
    ['no object at all', 'ppm.payment.created.v1'],
  ])('reads nothing from %s', (_, body) => {
    expect(readFannedOutEvent(body, EventTypes.paymentCreated)).toBeNull();
  });
});
