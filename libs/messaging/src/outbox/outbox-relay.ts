import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE } from '@ppm/contracts';
import type { RabbitMqConnection } from '../rabbitmq/rabbitmq-connection';
import { UnroutableMessageError } from '../rabbitmq/unroutable-message.error';

/** Writes that tell an in-process relay about their commits (the persistence layer's OutboxWriter). */
export interface CommitSignal {
  onCommitted(listener: () => void): void;
  offCommitted(listener: () => void): void;
}

/** An event the broker confirmed, as the relay published it. */
export interface PublishedEvent {
  type: string;
  /** The event's envelope. */
  payload: Record<string, unknown>;
}

/** Tuning of the relay. */
export interface OutboxRelaySettings {
  /** Connection string for the relay's own two connections: its queries, and LISTEN (the wake-up hint). */
  databaseUrl: string;
  batchSize: number;
  /** Fallback poll when no notification arrives (notifications are only a hint). */
  pollIntervalMs: number;
  /** How long a claimed row is reserved for this relay before another may take it. */
  leaseMs: number;
  /** Sent rows older than this are deleted. */
  retentionMs: number;
}

interface ClaimedRow {
  id: string;
  event_type: string;
  payload: Record<string, unknown>;
  trace_id: string | null;
  attempts: number;
  lag_ms: number;
}

const CLEANUP_EVERY_MS = 60_000;
// The claim must walk the partial index of unsent rows in order: a plain index scan marks the entries of rows
// already sent as dead as it passes them, so the next claim skips them. The planner, seeing few unsent rows,
// prefers a bitmap scan, which never marks them: between two autovacuums each claim then revisits every row sent
// since the last one (seen: 6,000 index entries and 1,259 heap pages, ~1.5 ms, to find 2 unsent rows).
const SESSION_OPTIONS = '-c enable_bitmapscan=off';
const CLEANUP_BATCH = 5_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Publishes committed outbox rows to RabbitMQ and marks them sent only after the broker's confirm (and no return).
 * Several relays may run: each claims, with a lease and SKIP LOCKED, only the oldest unsent event of an aggregate,
 * so an aggregate's events go out one after another in version order. A publish that fails keeps its row, retried
 * with backoff; an unroutable event stays pending and is reported as an alert.
 *
 * The relay queries on a connection of its own, not the service's pool: under load a pool slot is queued behind
 * every request in flight, which delayed each pass, and so every event, by the queue's length.
 */
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener: Client | undefined;
  private session: Promise<Client> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private wakeAgain = false;
  private stopped = false;
  private commitSignal: CommitSignal | undefined;
  private readonly wakeOnCommit = (): void => this.wake();
  private readonly publishedListeners: Array<(event: PublishedEvent) => void> = [];
  private lastCleanup = 0;
  private readonly published: Counter<'event_type'>;
  private readonly failures: Counter<'reason'>;
  private readonly lag: Histogram;
  private readonly backlog: Gauge;
  private readonly oldestPending: Gauge;
  // One query answers both backlog gauges; a scrape collects them concurrently, so they share it.
  private pendingMeasure: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rabbit: RabbitMqConnection,
    private readonly settings: OutboxRelaySettings,
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
      help: 'Outbox events not yet published',
      registers: [registry],
      collect: () => this.measurePending(),
    });
    this.oldestPending = new Gauge({
      name: 'ppm_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox event not yet published (0 when none is pending)',
      registers: [registry],
      collect: () => this.measurePending(),
    });
  }

  private measurePending(): Promise<void> {
    this.pendingMeasure ??= this.dataSource
      .query<{ count: string; oldest: string }[]>(
        `SELECT count(*)::text AS count,
                coalesce(extract(epoch FROM now() - min(created_at)), 0)::text AS oldest
           FROM outbox_events WHERE sent_at IS NULL`,
      )
      .catch(() => [{ count: 'NaN', oldest: 'NaN' }])
      .then(([row]) => {
        this.backlog.set(Number(row?.count));
        this.oldestPending.set(Number(row?.oldest));
      })
      .finally(() => (this.pendingMeasure = undefined));
    return this.pendingMeasure;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen().catch(() => this.listenLater());
    this.timer = setInterval(() => this.wake(), this.settings.pollIntervalMs);
    this.wake();
  }

  /**
   * Wakes on the commits of `source`'s writes in this process (which then skip their NOTIFY) until the relay stops;
   * from then on those writes notify again, so another instance's relay hears of them.
   */
  /** Calls `listener` with every event the broker confirmed (business metrics counted from the events). */
  onPublished(listener: (event: PublishedEvent) => void): void {
    this.publishedListeners.push(listener);
  }

  wakeOnCommitsOf(source: CommitSignal): void {
    this.commitSignal = source;
    source.onCommitted(this.wakeOnCommit);
  }

  async onApplicationShutdown(): Promise<void> {
    this.commitSignal?.offCommitted(this.wakeOnCommit);
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
    const session = await this.session?.catch(() => undefined);
    await session?.end().catch(() => undefined);
  }

  /** Runs a relay pass now (or right after the current one). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'outbox relay pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.claim();
      if (rows.length === 0) break;
      const outcome = await this.publish(rows);
      if (outcome.sent === 0) break; // the broker is failing: wait for the next poll instead of spinning
      if (this.stopped) break;
    }
    await this.cleanUp();
  }

  /** The relay's connection, opened on first use and again after it failed or closed. */
  private connection(): Promise<Client> {
    if (this.session) return this.session;
    const opened = this.open();
    this.session = opened;
    opened.catch(() => {
      if (this.session === opened) this.session = undefined;
    });
    return opened;
  }

  private async open(): Promise<Client> {
    // Keepalives and a query timeout: on a half-open connection a query would otherwise never settle, and this
    // process's relay would stop for good (payment writes wake it in-process, without NOTIFY).
    const client = new Client({
      connectionString: this.settings.databaseUrl,
      application_name: 'ppm-outbox-relay',
      options: SESSION_OPTIONS,
      keepAlive: true,
      query_timeout: this.settings.leaseMs,
    });
    const forget = (): void => {
      void this.session?.then(
        (current) => {
          if (current === client) this.session = undefined;
        },
        () => undefined,
      );
    };
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'outbox relay connection lost; reconnecting on the next pass');
      forget();
    });
    // A connection closed without an error event (e.g. terminated while a query ran) is not used again either.
    client.on('end', forget);
    await client.connect();
    return client;
  }

  private async query<T>(text: string, params: unknown[]): Promise<T[]> {
    const client = await this.connection();
    try {
      const { rows } = await client.query(text, params);
      return rows as T[];
    } catch (error) {
      // A timed-out or broken session is not trusted again: the next pass opens a fresh one.
      if (this.session && (await this.session.catch(() => undefined)) === client) this.session = undefined;
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private claim(): Promise<ClaimedRow[]> {
    return this.query<ClaimedRow>(
      `WITH heads AS (
         SELECT o.id FROM outbox_events o
          WHERE o.sent_at IS NULL
            AND (o.locked_until IS NULL OR o.locked_until < now())
            AND NOT EXISTS (
              SELECT 1 FROM outbox_events e
               WHERE e.aggregate_id = o.aggregate_id AND e.sent_at IS NULL
                 AND (e.aggregate_version, e.position) < (o.aggregate_version, o.position))
          ORDER BY o.created_at, o.position
          LIMIT $1
          FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE outbox_events t
            SET locked_until = now() + make_interval(secs => $2::double precision / 1000), attempts = t.attempts + 1
           FROM heads WHERE t.id = heads.id
         RETURNING t.id, t.event_type, t.payload, t.trace_id, t.attempts, t.created_at)
       SELECT id, event_type, payload, trace_id, attempts,
              (extract(epoch FROM (clock_timestamp() - created_at)) * 1000)::double precision AS lag_ms
         FROM claimed`,
      [this.settings.batchSize, this.settings.leaseMs],
    );
  }

  private async publish(rows: ClaimedRow[]): Promise<{ sent: number }> {
    const claimedAt = Date.now();
    const results = await Promise.allSettled(
      rows.map((row) =>
        this.rabbit.publish(EVENTS_EXCHANGE, row.event_type, row.payload, {
          messageId: row.id,
          traceId: row.trace_id ?? undefined,
        }),
      ),
    );
    const confirmedAt = Date.now();
    const sent: string[] = [];
    for (const [i, result] of results.entries()) {
      const row = rows[i];
      if (result.status === 'fulfilled') {
        sent.push(row.id);
        this.published.inc({ event_type: row.event_type });
        this.lag.observe((row.lag_ms + confirmedAt - claimedAt) / 1000);
        for (const listener of this.publishedListeners) listener({ type: row.event_type, payload: row.payload });
        continue;
      }
      const unroutable = result.reason instanceof UnroutableMessageError;
      this.failures.inc({ reason: unroutable ? 'unroutable' : 'broker' });
      if (unroutable) {
        // Nobody would receive it: keep it pending and make noise, an operator must bind a queue.
        this.logger.error(
          { eventId: row.id, eventType: row.event_type, alert: 'OUTBOX_UNROUTABLE' },
          'outbox event is unroutable',
        );
      }
      await this.retryLater(row, result.reason);
    }
    if (sent.length > 0) {
      await this.query(
        `UPDATE outbox_events SET sent_at = now(), status = 'SENT', locked_until = NULL, last_error = NULL WHERE id = ANY($1::uuid[])`,
        [sent],
      );
    }
    return { sent: sent.length };
  }

  private async retryLater(row: ClaimedRow, reason: unknown): Promise<void> {
    const backoffMs = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(row.attempts, 10));
    await this.query(
      `UPDATE outbox_events SET locked_until = now() + make_interval(secs => $2::double precision / 1000), last_error = $3 WHERE id = $1`,
      [row.id, backoffMs, reason instanceof Error ? reason.message : String(reason)],
    );
  }

  private async cleanUp(): Promise<void> {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    await this.query(
      `DELETE FROM outbox_events WHERE id IN (
         SELECT id FROM outbox_events WHERE sent_at < now() - make_interval(secs => $1::double precision / 1000) LIMIT $2)`,
      [this.settings.retentionMs, CLEANUP_BATCH],
    );
  }

  // NOTIFY is only a hint (lost while nobody listens): the poll timer covers gaps and reconnects.
  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.settings.databaseUrl,
      application_name: 'ppm-outbox-listener',
      keepAlive: true,
    });
    client.on('notification', () => this.wake());
    const lost = (): void => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listenLater();
    };
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'outbox LISTEN connection lost; polling until it is back');
      lost();
    });
    // Closed without an error event (e.g. terminated by the server): listen again as well.
    client.on('end', lost);
    await client.connect();
    await client.query('LISTEN ppm_outbox');
    this.listener = client;
  }

  private listenLater(): void {
    if (this.stopped) return;
    setTimeout(() => void this.listen().catch(() => this.listenLater()), MAX_BACKOFF_MS / 10);
  }
}
