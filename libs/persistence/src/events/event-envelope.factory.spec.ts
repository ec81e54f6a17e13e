import { GatewayConfiguration, PaymentTransaction, type DomainEvent } from '@ppm/domain';
import { EventEnvelopeFactory } from './event-envelope.factory';
import { gatewayConfigurationInput, paymentInput, T0, unwrap } from '../testing/persistence-test-builders';

describe('EventEnvelopeFactory', () => {
  const context = { traceId: 'trace-1', correlationId: 'corr-1', causationId: 'cmd-1' };

  it('wraps each event in PPM’s envelope: routing key as type, the saved version, the request’s ids', () => {
    const payment = unwrap(PaymentTransaction.create(paymentInput('tenant-1', 'gw-1', { id: 'pay-1' })));
    let n = 0;
    const factory = new EventEnvelopeFactory(() => `evt-${++n}`);

    const envelopes = factory.wrap(payment.pullEvents(), 4, context);

    expect(envelopes).toEqual([
      {
        id: 'evt-1',
        type: 'ppm.payment.created.v1',
        version: 1,
        occurredAt: T0.toISOString(),
        tenantId: 'tenant-1',
        aggregateType: 'PaymentTransaction',
        aggregateId: 'pay-1',
        aggregateVersion: 4,
        traceId: 'trace-1',
        correlationId: 'corr-1',
        causationId: 'cmd-1',
        data: expect.objectContaining({ transactionId: 'pay-1', amount: '100000', currency: 'VND' }) as unknown,
      },
    ]);
  });

  it('gives every envelope its own random id and keeps the events’ order', () => {
    const events: DomainEvent[] = [
      ...unwrap(GatewayConfiguration.add(gatewayConfigurationInput())).pullEvents(),
      ...unwrap(GatewayConfiguration.add(gatewayConfigurationInput())).pullEvents(),
    ];

    const envelopes = new EventEnvelopeFactory().wrap(events, 1, { ...context, causationId: null });

    expect(envelopes.map((e) => e.aggregateId)).toEqual(events.map((e) => e.aggregateId));
    expect(new Set(envelopes.map((e) => e.id)).size).toBe(2);
    expect(envelopes[0]).toMatchObject({ type: 'ppm.gateway-config.added.v1', causationId: null });
    expect(envelopes[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
