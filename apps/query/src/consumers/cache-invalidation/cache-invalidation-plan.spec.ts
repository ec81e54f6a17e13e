import { randomUUID } from 'node:crypto';
import { BARRIER_VERSION, CacheKeys } from '@ppm/cache';
import type { EventEnvelope } from '@ppm/contracts';
import { readEventEnvelope, planInvalidation } from './cache-invalidation-plan';

const envelope = (overrides: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: randomUUID(),
  type: 'ppm.payment.succeeded.v1',
  version: 1,
  occurredAt: new Date().toISOString(),
  tenantId: randomUUID(),
  aggregateType: 'PaymentTransaction',
  aggregateId: randomUUID(),
  aggregateVersion: 3,
  traceId: 'trace-123456',
  correlationId: 'trace-123456',
  causationId: null,
  data: {},
  ...overrides,
});

describe('cache invalidation plan', () => {
  it('reads only well-formed envelopes', () => {
    const event = envelope();
    expect(readEventEnvelope(event)).toEqual(event);
    expect(readEventEnvelope('not json')).toBeNull();
    expect(readEventEnvelope({ ...event, aggregateVersion: 0 })).toBeNull();
    expect(readEventEnvelope({ ...event, aggregateId: 'x' })).toBeNull();
    expect(readEventEnvelope({ ...event, id: undefined })).toBeNull();
  });

  it('invalidates the transaction of a payment or refund event at the event’s version', () => {
    const event = envelope();
    for (const routingKey of ['ppm.payment.succeeded.v1', 'ppm.refund.processed.v1']) {
      expect(planInvalidation(event, routingKey)).toEqual({
        keys: [{ key: CacheKeys.transaction(event.aggregateId), version: 3 }],
      });
    }
    expect(planInvalidation(event, 'ppm.reconciliation.completed.v1')).toEqual({ keys: [] });
    expect(planInvalidation(event, 'ppm.payment.risk-blocked.v1')).toEqual({ keys: [] });
  });

  it('invalidates a configuration, bars the tenant default, and the others when it became the default', () => {
    const event = envelope({ aggregateType: 'GatewayConfiguration', data: { isDefault: false } });
    const own = { key: CacheKeys.gatewayConfig(event.aggregateId), version: 3 };
    const tenantDefault = { key: CacheKeys.tenantDefaultGatewayConfig(event.tenantId!), version: BARRIER_VERSION };
    expect(planInvalidation(event, 'ppm.gateway-config.updated.v1')).toEqual({ keys: [own, tenantDefault] });

    const others = { tenantId: event.tenantId, except: event.aggregateId };
    const added = { ...event, data: { isDefault: true } };
    expect(planInvalidation(added, 'ppm.gateway-config.added.v1')).toEqual({
      keys: [own, tenantDefault],
      otherConfigurationsOf: others,
    });
    const renamed = { ...event, data: { isDefault: true, changedFields: ['name'] } };
    expect(planInvalidation(renamed, 'ppm.gateway-config.updated.v1').otherConfigurationsOf).toBeUndefined();
    const madeDefault = { ...event, data: { isDefault: true, changedFields: ['isDefault'] } };
    expect(planInvalidation(madeDefault, 'ppm.gateway-config.updated.v1').otherConfigurationsOf).toEqual(others);
  });

  it('forgets the tenant of a purge, whose envelope has no tenant id', () => {
    const tenantId = randomUUID();
    const purged = envelope({
      type: 'ppm.tenant.purged.v1',
      tenantId: null,
      aggregateType: 'Tenant',
      aggregateId: tenantId,
      aggregateVersion: 1,
      data: { tenantId, deleted: {} },
    });
    expect(readEventEnvelope(purged)).toEqual(purged);
    expect(planInvalidation(purged, 'ppm.tenant.purged.v1')).toEqual({ keys: [], purgedTenant: tenantId });
  });
});
