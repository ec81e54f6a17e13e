import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

interface UnsentCounts {
  pending: number;
  parked: number;
  oldestPendingSeconds: number;
}

/** What the outbox relay reports: publishes, failures, lag, and the rows still waiting or parked. */
export class OutboxRelayMetrics {
  readonly published: Counter<'event_type'>;
  readonly failures: Counter<'reason'>;
  readonly lag: Histogram;
  private readonly backlog: Gauge;
  private readonly parked: Gauge;
  private readonly oldestPending: Gauge;
  private counting: Promise<UnsentCounts> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    registry: Registry,
  ) {
    this.published = new Counter({
      name: 'ppm_outbox_published_total',
      help: 'Outbox events confirmed by RabbitMQ',
      labelNames: ['event_type'],
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'ppm_outbox_publish_failures_total',
      help: 'Outbox publishes that failed (reason: unroutable, broker)',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.lag = new Histogram({
      name: 'ppm_outbox_lag_seconds',
      help: 'From the event row being written to its publish being confirmed',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.backlog = new Gauge({
      name: 'ppm_outbox_backlog',
      help: 'Outbox events waiting to be published (parked ones excluded)',
      registers: [registry],
      collect: async () => this.backlog.set((await this.unsentCounts()).pending),
    });
    this.parked = new Gauge({
      name: 'ppm_outbox_parked',
      help: 'Outbox events parked as unroutable, waiting for an operator to bind a queue and requeue them',
      registers: [registry],
      collect: async () => this.parked.set((await this.unsentCounts()).parked),
    });
    this.oldestPending = new Gauge({
      name: 'ppm_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox event waiting to be published (0 when none is; parked ones excluded)',
      registers: [registry],
      collect: async () => this.oldestPending.set((await this.unsentCounts()).oldestPendingSeconds),
    });
  }

  /** The gauges' values in one query, shared by the collects of one scrape (prom-client runs them together). */
  private unsentCounts(): Promise<UnsentCounts> {
    this.counting ??= this.dataSource
      .query<{ pending: string; parked: string; oldest: string }[]>(
        `SELECT count(*) FILTER (WHERE status = 'PENDING')::text AS pending,
                count(*) FILTER (WHERE status = 'FAILED')::text AS parked,
                coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'PENDING')), 0)::text AS oldest
           FROM outbox_events WHERE sent_at IS NULL`,
      )
      .then(([row]) => ({
        pending: Number(row?.pending),
        parked: Number(row?.parked),
        oldestPendingSeconds: Number(row?.oldest),
      }))
      .catch(() => ({ pending: NaN, parked: NaN, oldestPendingSeconds: NaN }))
      .finally(() => (this.counting = undefined));
    return this.counting;
  }
}
