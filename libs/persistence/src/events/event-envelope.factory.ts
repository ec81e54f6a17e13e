import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@ppm/contracts';
import { routingKeyOf, type DomainEvent, type EventContext } from '@ppm/domain';

/**
 * Wraps the domain events an aggregate recorded (`pullEvents()`) in PPM's event envelope, ready for the
 * outbox: a fresh `id` (the consumers' dedup key), the routing key as `type`, and the version the aggregate is
 * being saved at as `aggregateVersion`, which orders one aggregate's events.
 */
export class EventEnvelopeFactory {
  /** @param newId the envelope id generator; random UUIDs unless a test needs them deterministic. */
  constructor(private readonly newId: () => string = randomUUID) {}

  /**
   * One envelope per event, in the order recorded.
   * @param aggregateVersion the version the aggregate is saved at: 1 for a new aggregate, N+1 for a save of version N.
   */
  wrap(events: readonly DomainEvent[], aggregateVersion: number, context: EventContext): EventEnvelope[] {
    return events.map((event) => ({
      id: this.newId(),
      type: routingKeyOf(event),
      version: 1,
      occurredAt: event.occurredAt.toISOString(),
      tenantId: event.tenantId,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      aggregateVersion,
      traceId: context.traceId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      data: event.data,
    }));
  }
}
