import { readPaymentOutcomeEvent, UnreadableEventError } from './payment-outcome-event';

describe('readPaymentOutcomeEvent', () => {
  const tenantId = '3f2b8a52-1c4d-4e6f-9a7b-0c1d2e3f4a5b';
  const subject = {
    transactionId: 't-1',
    sourceBoundedContext: 'orders',
    sourceTransactionId: 'o-1',
    gatewayType: 'MOMO',
    gatewayConfigurationId: 'c-1',
    amount: '150000',
    currency: 'VND',
  };
  const envelope = (type: string, data: Record<string, unknown>) => ({
    id: 'e-1',
    type,
    version: 1,
    occurredAt: '2025-01-02T03:04:05.000Z',
    tenantId,
    aggregateType: 'PaymentTransaction',
    aggregateId: 't-1',
    aggregateVersion: 2,
    traceId: 'trace-1',
    data,
  });
  const fallback = { messageId: null, routingKey: 'ppm.payment.succeeded.v1' };

  it('keeps only what a notifier needs: no gateway codes, ids or failure details', () => {
    const body = envelope('ppm.payment.failed.v1', {
      ...subject,
      failureCode: 'GATEWAY_DECLINED',
      failureReason: 'card declined',
      gatewayCodes: { resultCode: '1006' },
    });
    expect(readPaymentOutcomeEvent(body, fallback)).toEqual({
      tenantId,
      data: {
        kind: 'ppm.payment.failed.v1',
        eventId: 'e-1',
        transactionId: 't-1',
        amount: '150000',
        currency: 'VND',
        sourceBoundedContext: 'orders',
        sourceTransactionId: 'o-1',
        occurredAt: '2025-01-02T03:04:05.000Z',
      },
    });
  });

  it("names the refund, with the refund's amount", () => {
    const body = envelope('ppm.refund.processed.v1', {
      ...subject,
      refundId: 'r-1',
      sourceRefundId: null,
      amount: '50000',
      paymentAmount: '150000',
      gatewayRefundId: 'g-1',
    });
    expect(readPaymentOutcomeEvent(body, fallback).data).toMatchObject({ refundId: 'r-1', amount: '50000' });
  });

  it('falls back to the routing key and the AMQP message id', () => {
    const rest: Record<string, unknown> = { ...envelope('x', subject) };
    delete rest['id'];
    delete rest['type'];
    expect(
      readPaymentOutcomeEvent(rest, { messageId: 'm-1', routingKey: 'ppm.payment.expired.v1' }).data,
    ).toMatchObject({ kind: 'ppm.payment.expired.v1', eventId: 'm-1' });
  });

  it.each([
    ['no body', null],
    ['an event that is not notified', envelope('ppm.payment.created.v1', subject)],
    ['no tenant', { ...envelope('ppm.payment.succeeded.v1', subject), tenantId: null }],
    ['a refund without its id', envelope('ppm.refund.failed.v1', subject)],
    ['no amount', envelope('ppm.payment.succeeded.v1', { ...subject, amount: undefined })],
  ])('refuses %s', (_case, body) => {
    expect(() => readPaymentOutcomeEvent(body, fallback)).toThrow(UnreadableEventError);
  });
});
