import type { EntityManager } from 'typeorm';
import type { OutboxRecord } from './outbox-record';

/**
 * Appends events to `outbox_events` inside the caller's transaction, so an event exists exactly when the state
 * change that raised it was committed. The relay publishes them afterwards.
 */
export class OutboxWriter {
  async append(manager: EntityManager, events: readonly OutboxRecord[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const rows = events.map((event, i) => {
      values.push(
        event.id,
        event.tenantId,
        event.aggregateType,
        event.aggregateId,
        event.aggregateVersion,
        event.type,
        JSON.stringify(event),
        event.traceId,
      );
      const p = i * 8;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}::jsonb, $${p + 8})`;
    });
    await manager.query(
      `INSERT INTO outbox_events (id, tenant_id, aggregate_type, aggregate_id, aggregate_version, event_type, payload, trace_id)
       VALUES ${rows.join(', ')}`,
      values,
    );
  }
}
