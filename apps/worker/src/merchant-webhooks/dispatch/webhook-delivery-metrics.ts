import { Counter, Gauge, Histogram } from 'prom-client';
import type { MetricsRegistry } from '@ppm/observability';
import type { WebhookBacklog, WebhookDeliveryQueue } from '@ppm/persistence';

/** What an attempt did to its delivery. */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed';

/**
 * The merchant webhooks' Prometheus metrics: attempts by outcome, attempt latency, the backlog and the age of the
 * oldest pending delivery (read from the database at each scrape, so every instance reports the shared queue), and
 * endpoints disabled. Alert on the oldest pending age growing past the schedule's next step and on any disabling.
 */
export class WebhookDeliveryMetrics {
  private readonly attempts: Counter<'outcome'>;
  private readonly latency: Histogram<'outcome'>;
  private readonly disabled: Counter;

  constructor(registry: MetricsRegistry, queue: WebhookDeliveryQueue) {
    const registers = [registry];
    this.attempts = new Counter({
      name: 'ppm_merchant_webhook_attempts_total',
      help: 'Merchant webhook attempts, by what they did to their delivery (delivered, retrying, failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'ppm_merchant_webhook_attempt_seconds',
      help: 'Time of one merchant webhook attempt, from connecting to the answer, by outcome',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
      registers,
    });
    this.disabled = new Counter({
      name: 'ppm_merchant_webhook_endpoints_disabled_total',
      help: 'Merchant webhook endpoints disabled after failing every delivery for days',
      registers,
    });
    new Gauge({
      name: 'ppm_merchant_webhook_backlog',
      help: 'Merchant webhook deliveries pending (due now or waiting for a retry)',
      registers,
      async collect() {
        const backlog = await backlogOrNull(queue);
        if (backlog) this.set(backlog.pending);
      },
    });
    new Gauge({
      name: 'ppm_merchant_webhook_oldest_pending_age_seconds',
      help: 'Age of the oldest pending merchant webhook delivery',
      registers,
      async collect() {
        const backlog = await backlogOrNull(queue);
        if (backlog) this.set(backlog.oldestPendingAgeSeconds);
      },
    });
  }

  /** Records one attempt. */
  attempted(outcome: DeliveryOutcome, latencyMs: number): void {
    this.attempts.inc({ outcome });
    this.latency.observe({ outcome }, latencyMs / 1000);
  }

  /** Records an endpoint disabled by the dispatcher. */
  endpointDisabled(): void {
    this.disabled.inc();
  }
}

// A scrape while the database is away keeps the last figures rather than failing every other metric with it.
function backlogOrNull(queue: WebhookDeliveryQueue): Promise<WebhookBacklog | null> {
  return queue.backlog().catch(() => null);
}
