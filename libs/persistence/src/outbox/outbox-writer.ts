import type { SqlExecutor } from '../shared/sql-executor';
import type { OutboxRecord } from './outbox-record';

const COLUMNS = 'id, tenant_id, aggregate_type, aggregate_id, aggregate_version, event_type, payload, trace_id';
// The column types, so rows selected from a VALUES list (which alone would read every parameter as text) insert.
const CASTS = ['uuid', 'uuid', 'text', 'uuid', 'integer', 'text', 'jsonb', 'text'];

function rowValues(event: OutboxRecord): unknown[] {
  return [
    event.id,
    event.tenantId,
    event.aggregateType,
    event.aggregateId,
    event.aggregateVersion,
    event.type,
    JSON.stringify(event),
    event.traceId,
  ];
}

/**
 * Appends events to `outbox_events` inside the caller's transaction, so an event exists exactly when the state
 * change that raised it was committed. The relay publishes them afterwards.
 */
export class OutboxWriter {
  private readonly committedListeners = new Set<() => void>();

  /**
   * Registers an in-process relay's wake-up. While one is registered, single-statement writers skip the database
   * NOTIFY (see `silencesNotify`) and call `committed()` after their commit instead.
   */
  onCommitted(listener: () => void): void {
    this.committedListeners.add(listener);
  }

  /** Stops waking `listener`: writes notify through the database again once no relay listens in process. */
  offCommitted(listener: () => void): void {
    this.committedListeners.delete(listener);
  }

  /** Whether a relay in this process is woken directly, so a write may silence its NOTIFY (it serialises commits). */
  get silencesNotify(): boolean {
    return this.committedListeners.size > 0;
  }

  /** Tells the in-process relay that events were committed. */
  committed(): void {
    for (const listener of this.committedListeners) listener();
  }

  async append(manager: SqlExecutor, events: readonly OutboxRecord[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const rows = events.map((event, i) => {
      values.push(...rowValues(event));
      const p = i * 8;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}::jsonb, $${p + 8})`;
    });
    await manager.query(`INSERT INTO outbox_events (${COLUMNS}) VALUES ${rows.join(', ')}`, values);
  }

  /**
   * The events as one `INSERT … SELECT` for a caller that writes its state change and its events in a single
   * statement (data-modifying CTEs: one round trip, atomic without BEGIN/COMMIT). The events' parameters are
   * appended to `params`; rows are inserted in the events' order (their `position`), and only when `condition`
   * (SQL, e.g. `EXISTS (SELECT 1 FROM updated)`) holds. Null when there is no event.
   */
  insertStatement(events: readonly OutboxRecord[], params: unknown[], condition = 'true'): string | null {
    if (events.length === 0) return null;
    const rows = events.map((event) => {
      const first = params.length + 1;
      params.push(...rowValues(event));
      return `(${CASTS.map((type, i) => `$${first + i}::${type}`).join(', ')})`;
    });
    return `INSERT INTO outbox_events (${COLUMNS})
      SELECT * FROM (VALUES ${rows.join(', ')}) AS e (${COLUMNS}) WHERE ${condition}`;
  }
}
