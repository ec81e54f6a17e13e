import { connect, type ChannelModel } from 'amqplib';
import { EVENTS_EXCHANGE, type EventEnvelope } from '@ppm/contracts';
import { eventually } from '@ppm/testing';

/** PPM's event families a flow test listens to (specific families only: other tests' keys stay unroutable). */
export const COLLECTED_FAMILIES = ['ppm.payment.#', 'ppm.refund.#', 'ppm.tenant.#'] as const;

const RECONNECT_PAUSE_MS = 250;

/**
 * A consumer of PPM's domain events as the platform's services consume them: every delivery is kept (the wire
 * count, duplicates included) and deduplicated by the envelope id, the consumers' dedup key. With `durableQueue` the
 * queue is a durable one of that name that survives a broker restart (and the collector reconnects and goes on
 * consuming); without, an exclusive queue that goes away with the connection.
 */
export class EventCollector {
  /** Every delivery, in arrival order, duplicates included. */
  readonly deliveries: EventEnvelope[] = [];
  private readonly firstSeen = new Map<string, EventEnvelope>();
  private connection: ChannelModel | undefined;
  private stopped = false;
  private reconnecting: Promise<void> | undefined;

  private constructor(
    private readonly url: string,
    private readonly durableQueue: string | undefined,
    private readonly families: readonly string[],
  ) {}

  /** Consumes `families` (PPM's payment, refund and tenant events unless told). */
  static async start(
    url: string,
    durableQueue?: string,
    families: readonly string[] = COLLECTED_FAMILIES,
  ): Promise<EventCollector> {
    const collector = new EventCollector(url, durableQueue, families);
    await collector.open();
    return collector;
  }

  /** Distinct events (first delivery of each id), optionally of one aggregate and type. */
  events(aggregateId?: string, type?: string): EventEnvelope[] {
    return [...this.firstSeen.values()].filter(
      (e) => (aggregateId === undefined || e.aggregateId === aggregateId) && (type === undefined || e.type === type),
    );
  }

  /** Deliveries beyond the first of their id: what a consumer's dedup by id must absorb. */
  get redeliveries(): number {
    return this.deliveries.length - this.firstSeen.size;
  }

  /** Waits until `count` distinct events of `type` on `aggregateId` have arrived, and returns them. */
  waitFor(aggregateId: string, type: string, count = 1, timeoutMs = 30_000): Promise<EventEnvelope[]> {
    return eventually(
      () => this.events(aggregateId, type),
      (found) => found.length >= count,
      { what: `${count} × ${type} for ${aggregateId}`, timeoutMs },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.reconnecting;
    const connection = this.connection;
    if (!connection) return;
    if (this.durableQueue) {
      const channel = await connection.createChannel();
      await channel.deleteQueue(this.durableQueue);
    }
    await connection.close().catch(() => undefined);
  }

  private async open(): Promise<void> {
    const connection = await connect(this.url);
    connection.on('error', () => undefined);
    connection.on('close', () => {
      if (!this.stopped) this.reconnecting = this.reconnect();
    });
    const channel = await connection.createChannel();
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    const { queue } = this.durableQueue
      ? await channel.assertQueue(this.durableQueue, { durable: true })
      : await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const family of this.families) await channel.bindQueue(queue, EVENTS_EXCHANGE, family);
    await channel.prefetch(500);
    await channel.consume(queue, (message) => {
      if (!message) return;
      this.receive(JSON.parse(message.content.toString()) as EventEnvelope);
      channel.ack(message);
    });
    this.connection = connection;
  }

  private receive(envelope: EventEnvelope): void {
    this.deliveries.push(envelope);
    if (!this.firstSeen.has(envelope.id)) this.firstSeen.set(envelope.id, envelope);
  }

  // The broker went away (a restart): try again until it is back or the collector is stopped.
  private async reconnect(): Promise<void> {
    this.connection = undefined;
    while (!this.stopped) {
      try {
        await this.open();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_PAUSE_MS));
      }
    }
  }
}
