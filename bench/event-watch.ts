// The bench tenant's events as a consumer of `ppm.events` sees them: how late each arrived after its transaction,
// and whether any arrived twice.
import { connect as connectAmqp, type ChannelModel } from 'amqplib';
import type { OutboxLag } from './bench-report';
import { withDatabase } from './bench-database';
import { servers } from './bench-settings';
import { LatencySamples } from './latency-summary';

/** Watches the bench tenant's events on `ppm.events` through a private auto-delete queue. */
export class EventWatch {
  /** Event id → when our consumer got it (ms since the epoch), for the events of measured phases. */
  readonly receivedAt = new Map<string, number>();
  readonly seen = new Map<string, number>();
  readonly succeeded = new Set<string>();
  measuring = true;

  private constructor(
    private readonly model: ChannelModel,
    private readonly tenantIds: Set<string>,
  ) {}

  static async start(tenantIds: Set<string>): Promise<EventWatch> {
    const model = await connectAmqp(servers.amqpUrl, { clientProperties: { connection_name: 'ppm-bench-events' } });
    const watch = new EventWatch(model, tenantIds);
    const channel = await model.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const key of ['ppm.payment.#', 'ppm.refund.#']) await channel.bindQueue(queue, 'ppm.events', key);
    await channel.consume(queue, (message) => message && watch.record(message.content), { noAck: true });
    return watch;
  }

  private record(content: Buffer): void {
    const receivedAt = Date.now();
    const event = JSON.parse(content.toString()) as { id: string; type: string; tenantId: string; aggregateId: string };
    if (!this.tenantIds.has(event.tenantId)) return;
    this.seen.set(event.id, (this.seen.get(event.id) ?? 0) + 1);
    if (event.type === 'ppm.payment.succeeded.v1') this.succeeded.add(event.aggregateId);
    if (this.measuring && !this.receivedAt.has(event.id)) this.receivedAt.set(event.id, receivedAt);
  }

  duplicates(): number {
    let count = 0;
    for (const times of this.seen.values()) if (times > 1) count += times - 1;
    return count;
  }

  /**
   * Outbox lag per event from the database's own clock: the row's `created_at` (its transaction's start, a few
   * ms before the commit; the envelope's occurredAt is earlier still, before the wait for a pool connection) to
   * `sent_at` (marked sent after the broker's confirm) and to our consumer's receipt.
   */
  async lag(tenantId: string): Promise<Omit<OutboxLag, 'ceiling' | 'aim'>> {
    const rows = await withDatabase(async (db) => {
      const { rows: found } = await db.query<{ id: string; type: string; created: number; sent: number | null }>(
        `SELECT id, event_type AS type, extract(epoch FROM created_at) * 1000 AS created,
                extract(epoch FROM sent_at) * 1000 AS sent
           FROM outbox_events
          WHERE tenant_id = $1 AND (event_type LIKE 'ppm.payment.%' OR event_type LIKE 'ppm.refund.%')`,
        [tenantId],
      );
      return found;
    });
    const all = new LatencySamples();
    const confirmed = new LatencySamples();
    const byType = new Map<string, LatencySamples>();
    let unsent = 0;
    for (const row of rows) {
      if (row.sent === null) unsent += 1;
      const received = this.receivedAt.get(row.id);
      if (received === undefined) continue;
      const lag = received - Number(row.created);
      all.add(lag);
      if (row.sent !== null) confirmed.add(Number(row.sent) - Number(row.created));
      let samples = byType.get(row.type);
      if (!samples) byType.set(row.type, (samples = new LatencySamples()));
      samples.add(lag);
    }
    const perType: OutboxLag['perType'] = {};
    for (const [type, samples] of byType) perType[type] = samples.summary();
    return {
      events: all.count,
      duplicates: this.duplicates(),
      unsent,
      perType,
      latencyMs: all.summary(),
      commitToConfirmMs: confirmed.summary(),
    };
  }

  async stop(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }
}
