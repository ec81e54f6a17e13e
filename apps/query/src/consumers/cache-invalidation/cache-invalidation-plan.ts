import { BARRIER_VERSION, CacheKeys, type CacheKey } from '@ppm/cache';
import { EventTypes, type EventEnvelope } from '@ppm/contracts';

/** One key to invalidate and the version the event brought it to. */
export interface KeyInvalidation {
  key: CacheKey;
  version: number;
}

/** What one event invalidates. */
export interface InvalidationPlan {
  keys: KeyInvalidation[];
  /**
   * Set when a configuration became the tenant's default: the one that lost it changed too (its `is_default` and
   * version moved) without an event of its own, so every other configuration of the tenant is invalidated as well.
   */
  otherConfigurationsOf?: { tenantId: string; except: string };
  /** Set by `ppm.tenant.purged.v1`: every cached entry of this tenant is forgotten. */
  purgedTenant?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The envelope of a PPM event, or null when the body is not one (then it is acknowledged and dropped). */
export function readEventEnvelope(body: unknown): EventEnvelope | null {
  if (!body || typeof body !== 'object') return null;
  const value = body as Partial<EventEnvelope>;
  if (typeof value.id !== 'string' || value.id.length === 0 || value.id.length > 200) return null;
  if (typeof value.type !== 'string') return null;
  if (typeof value.aggregateId !== 'string' || !UUID.test(value.aggregateId)) return null;
  if (!Number.isSafeInteger(value.aggregateVersion) || (value.aggregateVersion ?? 0) < 1) return null;
  if (value.tenantId !== null && (typeof value.tenantId !== 'string' || !UUID.test(value.tenantId))) return null;
  return value as EventEnvelope;
}

/**
 * The cache keys an event invalidates, by its routing key: a payment or refund event (a refund lives inside its
 * payment: `aggregateId` is the payment's) invalidates the transaction at the event's aggregate version; a
 * configuration event invalidates that configuration at its version, and the tenant's default with a barrier (which
 * configuration is the default may have changed, so no single version orders that key); a tenant's purge (its
 * envelope has no `tenantId`: the tenant is the aggregate) forgets every entry of the tenant.
 */
export function planInvalidation(envelope: EventEnvelope, routingKey: string): InvalidationPlan {
  if (routingKey === EventTypes.tenantPurged) return { keys: [], purgedTenant: envelope.aggregateId };
  // A refusal by the risk rules stored no payment: its aggregate is the decision, which nothing caches.
  if (routingKey === EventTypes.paymentRiskBlocked) return { keys: [] };
  if (routingKey.startsWith('ppm.payment.') || routingKey.startsWith('ppm.refund.')) {
    return { keys: [{ key: CacheKeys.transaction(envelope.aggregateId), version: envelope.aggregateVersion }] };
  }
  if (routingKey.startsWith('ppm.gateway-config.')) {
    const keys: KeyInvalidation[] = [
      { key: CacheKeys.gatewayConfig(envelope.aggregateId), version: envelope.aggregateVersion },
    ];
    if (!envelope.tenantId) return { keys };
    keys.push({ key: CacheKeys.tenantDefaultGatewayConfig(envelope.tenantId), version: BARRIER_VERSION });
    return becameDefault(envelope, routingKey)
      ? { keys, otherConfigurationsOf: { tenantId: envelope.tenantId, except: envelope.aggregateId } }
      : { keys };
  }
  return { keys: [] };
}

function becameDefault(envelope: EventEnvelope, routingKey: string): boolean {
  const data = envelope.data as { isDefault?: unknown; changedFields?: unknown } | null;
  if (data?.isDefault !== true) return false;
  if (routingKey.startsWith('ppm.gateway-config.added.')) return true;
  return !Array.isArray(data.changedFields) || data.changedFields.includes('isDefault');
}
