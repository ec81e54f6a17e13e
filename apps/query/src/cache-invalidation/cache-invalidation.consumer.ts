import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { Counter, type Registry } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { BARRIER_VERSION, CacheAside, CacheKeys, CacheUnavailableError } from '@ppm/cache';
import type { EventEnvelope } from '@ppm/contracts';
import type { RabbitMqConnection } from '@ppm/messaging';
import type { ReadModelDatabase } from '../shared/read-model-database';
import { parseEventEnvelope, planInvalidation } from './cache-invalidation-plan';
import { declareCacheInvalidationTopology } from './cache-invalidation.topology';

/** The consumer's name in `inbox_messages`. */
export const CACHE_INVALIDATION_CONSUMER = 'query-cache';

/** Where and how fast the consumer reads. */
export interface CacheInvalidationSettings {
  queue: string;
  prefetch: number;
}

/** Outcome of one delivered event. */
type EventOutcome = 'applied' | 'duplicate' | 'ignored' | 'malformed' | 'failed' | 'abandoned';

// An event failing for another reason than an unreachable Redis or Postgres is given up after this many deliveries
// (its entries then live at most their TTL); failures of the servers are retried for as long as they last.
const MAX_DELIVERIES_OF_A_BROKEN_EVENT = 10;
const MAX_BACKOFF_MS = 5_000;

/**
 * Invalidates the cache from PPM's events: its own durable quorum queue (see the topology), consumed with amqplib
 * through the process's recovering RabbitMQ connection. Each event is deduplicated by its id in `inbox_messages`,
 * in one Postgres transaction with the Redis invalidation (the row is committed only once Redis took it), then
 * acknowledged. Every delivery is acked or nacked, whatever happens: a failure is nacked back to the queue after a
 * growing pause, so other events keep flowing. After a broker restart the channel closes; it is reopened (waiting
 * for the connection to recover) and the topology and consumer are set up again.
 */
export class CacheInvalidationConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CacheInvalidationConsumer.name);
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private reopening: Promise<void> | undefined;
  private stopping = false;
  private consecutiveFailures = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private readonly events: Counter<'outcome'>;

  constructor(
    private readonly rabbit: RabbitMqConnection,
    private readonly database: ReadModelDatabase,
    private readonly cache: CacheAside,
    private readonly settings: CacheInvalidationSettings,
    registry: Registry,
  ) {
    this.events = new Counter({
      name: 'ppm_query_cache_events_total',
      help: 'Events consumed for cache invalidation, by outcome (applied, duplicate, ignored, malformed, failed, abandoned)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  /** Starts consuming; a topology that cannot be declared fails the boot. */
  async onApplicationBootstrap(): Promise<void> {
    await this.open();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.sleepers.forEach((wake) => wake());
    const channel = this.channel;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await channel?.close().catch(() => undefined);
  }

  private async open(): Promise<void> {
    const channel = await this.rabbit.createChannel();
    channel.on('error', (error: Error) => this.logger.warn({ err: error }, 'cache invalidation channel error'));
    try {
      await declareCacheInvalidationTopology(channel, this.settings.queue);
      await channel.prefetch(this.settings.prefetch);
      const { consumerTag } = await channel.consume(this.settings.queue, (message) => this.receive(channel, message), {
        noAck: false,
      });
      this.consumerTag = consumerTag;
    } catch (error) {
      await channel.close().catch(() => undefined);
      throw error;
    }
    this.channel = channel;
    channel.once('close', () => {
      if (this.channel === channel) this.channel = undefined;
      this.reopen();
    });
  }

  // The channel closed under us (broker restart, connection lost, consumer cancelled): consume again once the
  // connection is back.
  private reopen(): void {
    if (this.stopping || this.reopening) return;
    this.reopening = (async () => {
      let delayMs = 200;
      while (!this.stopping) {
        try {
          await this.open();
          this.logger.log({ queue: this.settings.queue }, 'consuming cache invalidations again');
          break;
        } catch (error) {
          this.logger.warn({ err: error }, 'cannot consume cache invalidations yet; retrying');
          await this.pause(delayMs);
          delayMs = Math.min(delayMs * 2, MAX_BACKOFF_MS);
        }
      }
    })().finally(() => (this.reopening = undefined));
  }

  /** Whether the consumer has a live channel (for tests and diagnostics). */
  get isConsuming(): boolean {
    return this.channel !== undefined;
  }

  private receive(channel: Channel, message: ConsumeMessage | null): void {
    if (!message) {
      // The broker cancelled the consumer (e.g. the queue was deleted): closing the channel makes us start over.
      this.logger.warn({ queue: this.settings.queue }, 'cache invalidation consumer cancelled by the broker');
      void channel.close().catch(() => undefined);
      return;
    }
    const work = this.handle(channel, message).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    let settle: 'ack' | 'requeue' | 'drop' = 'ack';
    let outcome: EventOutcome;
    try {
      const envelope = parseEventEnvelope(message.content);
      if (envelope) {
        outcome = await this.apply(envelope, message.fields.routingKey);
      } else {
        outcome = 'malformed';
        this.logger.warn({ routingKey: message.fields.routingKey }, 'not a PPM event envelope: dropped');
      }
      this.consecutiveFailures = 0;
    } catch (error) {
      const deliveries = Number(message.properties.headers?.['x-delivery-count'] ?? 0) + 1;
      if (!isServerUnavailable(error) && deliveries >= MAX_DELIVERIES_OF_A_BROKEN_EVENT) {
        outcome = 'abandoned';
        settle = 'drop';
        this.logger.error(
          { err: error, routingKey: message.fields.routingKey, alert: 'CACHE_INVALIDATION_ABANDONED' },
          'cache invalidation keeps failing: event dropped, its entries expire with their TTL',
        );
      } else {
        outcome = 'failed';
        settle = 'requeue';
        this.consecutiveFailures += 1;
        this.logger.warn({ err: error, routingKey: message.fields.routingKey }, 'cache invalidation failed; retrying');
        await this.pause(Math.min(100 * 2 ** this.consecutiveFailures, MAX_BACKOFF_MS));
      }
    }
    this.events.inc({ outcome });
    try {
      if (settle === 'ack') channel.ack(message);
      else channel.nack(message, false, settle === 'requeue');
    } catch {
      // The channel is gone: the broker redelivers the unacknowledged event on the next channel.
    }
  }

  private async apply(envelope: EventEnvelope, routingKey: string): Promise<EventOutcome> {
    const plan = planInvalidation(envelope, routingKey);
    if (plan.keys.length === 0 && !plan.purgedTenant) return 'ignored';
    return this.database.primary.transaction(async (manager) => {
      const claimed = await manager.query<unknown[]>(
        `INSERT INTO inbox_messages (consumer, message_id) VALUES ($1, $2)
         ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`,
        [CACHE_INVALIDATION_CONSUMER, envelope.id],
      );
      if (claimed.length === 0) return 'duplicate';
      for (const { key, version } of plan.keys) await this.cache.invalidate(key, version);
      if (plan.otherConfigurationsOf) await this.invalidateOtherConfigurations(manager, plan.otherConfigurationsOf);
      if (plan.purgedTenant) {
        const purged = await this.cache.forgetTenant(plan.purgedTenant);
        this.logger.log({ tenantId: plan.purgedTenant, keys: purged }, 'purged tenant forgotten by the cache');
      }
      return 'applied';
    });
  }

  private async invalidateOtherConfigurations(
    manager: EntityManager,
    { tenantId, except }: { tenantId: string; except: string },
  ): Promise<void> {
    const others = await manager.query<{ id: string }[]>(
      `SELECT id FROM payment_gateway_configurations WHERE tenant_id = $1 AND id <> $2`,
      [tenantId, except],
    );
    // Their versions moved without an event: a barrier keeps any read from before the change out of the cache.
    for (const { id } of others) await this.cache.invalidate(CacheKeys.gatewayConfig(id), BARRIER_VERSION);
  }

  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03']);

/** Redis or Postgres could not be reached: worth retrying for as long as it lasts. */
export function isServerUnavailable(error: unknown): boolean {
  if (error instanceof CacheUnavailableError) return true;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
  // node-postgres reports a dropped connection and an exhausted connect wait by message only. Anything else with
  // "timeout" in it (statement or lock timeouts) is the event's own failure and must reach the delivery limit.
  return (
    typeof message === 'string' && /^(Connection terminated|timeout exceeded when trying to connect)/.test(message)
  );
}
