import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DeadLetterReason } from './retry-policy';

/** How a delivery ended. */
export type DeliveryOutcome = 'handled' | 'retried' | 'dead_lettered' | 'requeued' | 'dropped';

/**
 * Reads the depth of a consumer's queues when metrics are scraped (undefined when it cannot now; no `deadLetters`
 * for a consumer without a DLQ).
 */
export type QueueDepthProbe = () => Promise<{ work: number; deadLetters?: number } | undefined>;

/**
 * The consumers' Prometheus metrics, one set per process registry: deliveries consumed, handler failures,
 * messages dead-lettered or dropped (by reason) and retried, handling time, and the depth of each consumer's work
 * queue (its lag) and DLQ, read from the broker at scrape time.
 */
export class ConsumerMetrics {
  private readonly consumed: Counter<'consumer'>;
  private readonly failed: Counter<'consumer'>;
  private readonly deadLettered: Counter<'consumer' | 'reason'>;
  private readonly retried: Counter<'consumer'>;
  private readonly dropped: Counter<'consumer' | 'reason'>;
  private readonly duration: Histogram<'consumer' | 'outcome'>;
  private readonly probes = new Map<string, QueueDepthProbe>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.consumed = new Counter({
      name: 'ppm_consumer_messages_consumed_total',
      help: 'Messages delivered to a consumer (every delivery, retries included)',
      labelNames: ['consumer'],
      registers,
    });
    this.failed = new Counter({
      name: 'ppm_consumer_messages_failed_total',
      help: 'Deliveries whose handling failed (the handler threw or the message was unreadable)',
      labelNames: ['consumer'],
      registers,
    });
    this.retried = new Counter({
      name: 'ppm_consumer_messages_retried_total',
      help: 'Failed messages sent to a retry queue for a later attempt',
      labelNames: ['consumer'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'ppm_consumer_messages_dead_lettered_total',
      help: 'Messages sent to the dead-letter queue, by reason (attempts_exhausted, unprocessable, malformed)',
      labelNames: ['consumer', 'reason'],
      registers,
    });
    this.dropped = new Counter({
      name: 'ppm_consumer_messages_dropped_total',
      help: 'Messages a consumer without a DLQ gave up on, by reason (attempts_exhausted, unprocessable, malformed)',
      labelNames: ['consumer', 'reason'],
      registers,
    });
    this.duration = new Histogram({
      name: 'ppm_consumer_handling_seconds',
      help: 'Time from delivery to ack, per consumer and outcome',
      labelNames: ['consumer', 'outcome'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
      registers,
    });
    const probes = this.probes;
    new Gauge({
      name: 'ppm_consumer_queue_messages',
      help: "Messages ready in a consumer's queues: queue=work (its lag) or queue=dlq (dead letters to look at)",
      labelNames: ['consumer', 'queue'],
      registers,
      async collect() {
        this.reset();
        for (const [consumer, probe] of probes) {
          const depth = await probe().catch(() => undefined);
          if (!depth) continue;
          this.set({ consumer, queue: 'work' }, depth.work);
          if (depth.deadLetters !== undefined) this.set({ consumer, queue: 'dlq' }, depth.deadLetters);
        }
      },
    });
  }

  /** Makes a consumer's queue depths part of every scrape. */
  watchQueues(consumer: string, probe: QueueDepthProbe): void {
    this.probes.set(consumer, probe);
  }

  delivered(consumer: string): void {
    this.consumed.inc({ consumer });
  }

  settled(consumer: string, outcome: DeliveryOutcome, seconds: number, reason?: DeadLetterReason): void {
    if (outcome !== 'handled') this.failed.inc({ consumer });
    if (outcome === 'retried') this.retried.inc({ consumer });
    if (outcome === 'dead_lettered') this.deadLettered.inc({ consumer, reason: reason ?? 'attempts_exhausted' });
    if (outcome === 'dropped') this.dropped.inc({ consumer, reason: reason ?? 'attempts_exhausted' });
    this.duration.observe({ consumer, outcome }, seconds);
  }
}
