import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { context as otelContext, ROOT_CONTEXT } from '@opentelemetry/api';
import { Client } from 'pg';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE } from '@ppm/contracts';
import { contextOfTrace } from '@ppm/observability';
import type { RabbitMqConnection } from '../rabbitmq/rabbitmq-connection';
import { UnroutableMessageError } from '../rabbitmq/unroutable-message.error';
import { OutboxNotifyListener } from './outbox-notify-listener';
import { OutboxRelayMetrics } from './outbox-relay-metrics';
import { CLAIM_EVENTS, DELETE_SENT, MARK_SENT, SETTLE_FAILURES } from './outbox-relay.sql';

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
  /**
   * Publishes an unroutable event is tried before it is parked (status FAILED). Retrying first rides out a
   * binding that is only late (a consumer declaring its queue after the command started); parking then keeps it
   * from taking the relay's batches for ever.
   */
  parkAfterAttempts: number;
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
 * with backoff. An unroutable event (no queue bound to its type) does not stop the pass; after
 * `parkAfterAttempts` it is parked with an alert, kept for an operator to requeue once a queue is bound
 * (`npm run ppm -- outbox:requeue`). A parked event still holds back its aggregate's later events: order is kept.
 *
 * The relay queries on a connection of its own, not the service's pool: under load a pool slot is queued behind
 * every request in flight, which delayed each pass, and so every event, by the queue's length.
 */
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private session: Promise<Client> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private wakeAgain = false;
  private stopped = false;
  private commitSignal: CommitSignal | undefined;
  private readonly wakeOnCommit = (): void => this.wake();
  private readonly publishedListeners: Array<(event: PublishedEvent) => void> = [];
  private lastCleanup = 0;
  private readonly metrics: OutboxRelayMetrics;
  private readonly listener: OutboxNotifyListener;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rabbit: RabbitMqConnection,
    private readonly settings: OutboxRelaySettings,
    registry: Registry,
  ) {
    this.metrics = new OutboxRelayMetrics(dataSource, registry);
    this.listener = new OutboxNotifyListener(settings.databaseUrl, () => this.wake());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
    this.timer = setInterval(() => this.wake(), this.settings.pollIntervalMs);
    this.wake();
  }

  /** Calls `listener` with every event the broker confirmed (business metrics counted from the events). */
  onPublished(listener: (event: PublishedEvent) => void): void {
    this.publishedListeners.push(listener);
  }

  /**
   * Wakes on the commits of `source`'s writes in this process (which then skip their NOTIFY) until the relay stops;
   * from then on those writes notify again, so another instance's relay hears of them.
   */
  wakeOnCommitsOf(source: CommitSignal): void {
    this.commitSignal = source;
    source.onCommitted(this.wakeOnCommit);
  }

  async onApplicationShutdown(): Promise<void> {
    this.commitSignal?.offCommitted(this.wakeOnCommit);
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.listener.stop();
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
    // A pass woken by a request's commit is not part of that request: it starts outside its trace.
    this.running = otelContext
      .with(ROOT_CONTEXT, () => this.drain())
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
      // The broker is failing: wait for the next poll instead of spinning. Unroutable rows alone do not stop the
      // pass: they are now leased for their backoff, so the next claim reaches the events behind them.
      if (outcome.sent === 0 && outcome.brokerFailures > 0) break;
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
    return this.query<ClaimedRow>(CLAIM_EVENTS, [this.settings.batchSize, this.settings.leaseMs]);
  }

  private async publish(rows: ClaimedRow[]): Promise<{ sent: number; brokerFailures: number }> {
    const claimedAt = Date.now();
    const results = await Promise.allSettled(
      rows.map((row) =>
        // In the trace of the request that wrote the event, so its RabbitMQ spans and its consumers' join it.
        otelContext.with(contextOfTrace(row.trace_id, row.id), () =>
          this.rabbit.publish(EVENTS_EXCHANGE, row.event_type, row.payload, {
            messageId: row.id,
            traceId: row.trace_id ?? undefined,
          }),
        ),
      ),
    );
    const confirmedAt = Date.now();
    const sent: string[] = [];
    const failed: Failure[] = [];
    for (const [i, result] of results.entries()) {
      const row = rows[i];
      if (result.status === 'fulfilled') {
        sent.push(row.id);
        this.metrics.published.inc({ event_type: row.event_type });
        this.metrics.lag.observe((row.lag_ms + confirmedAt - claimedAt) / 1000);
        for (const listener of this.publishedListeners) listener({ type: row.event_type, payload: row.payload });
        continue;
      }
      const unroutable = result.reason instanceof UnroutableMessageError;
      this.metrics.failures.inc({ reason: unroutable ? 'unroutable' : 'broker' });
      failed.push(this.failureOf(row, result.reason, unroutable));
    }
    if (sent.length > 0) await this.query(MARK_SENT, [sent]);
    if (failed.length > 0) {
      await this.query(SETTLE_FAILURES, [
        failed.map((failure) => failure.id),
        failed.map((failure) => failure.delayMs),
        failed.map((failure) => failure.error),
        failed.map((failure) => failure.park),
      ]);
    }
    return { sent: sent.length, brokerFailures: failed.filter((failure) => !failure.unroutable).length };
  }

  /**
   * What becomes of an event the broker did not take: tried again after a backoff, or, unroutable for
   * `parkAfterAttempts`, parked with noise (nobody would receive it: an operator must bind a queue and requeue it).
   */
  private failureOf(row: ClaimedRow, reason: unknown, unroutable: boolean): Failure {
    const failure = { id: row.id, error: errorText(reason), unroutable };
    const log = { eventId: row.id, eventType: row.event_type, attempts: row.attempts };
    if (unroutable && row.attempts >= this.settings.parkAfterAttempts) {
      this.logger.error(
        { ...log, alert: 'OUTBOX_UNROUTABLE' },
        'outbox event is unroutable: parked until a queue is bound and it is requeued',
      );
      return { ...failure, delayMs: 0, park: true };
    }
    if (unroutable) this.logger.warn(log, 'outbox event is unroutable; retrying');
    return { ...failure, delayMs: Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(row.attempts, 10)), park: false };
  }

  private async cleanUp(): Promise<void> {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    await this.query(DELETE_SENT, [this.settings.retentionMs, CLEANUP_BATCH]);
  }
}

/** A failed publish as the pass's one statement for its failures records it. */
interface Failure {
  readonly id: string;
  readonly delayMs: number;
  readonly error: string;
  readonly park: boolean;
  readonly unroutable: boolean;
}

function errorText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
