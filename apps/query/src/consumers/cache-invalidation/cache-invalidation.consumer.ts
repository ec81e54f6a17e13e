import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { BARRIER_VERSION, CacheAside, CacheKeys, CacheUnavailableError } from '@ppm/cache';
import { EVENTS_EXCHANGE, EventTypes } from '@ppm/contracts';
import {
  givesUp,
  MessageConsumer,
  type ConsumedMessage,
  type ConsumerDeclaration,
  type ConsumerInbox,
  type HostedConsumer,
  type RequeueInPlaceRetry,
} from '@ppm/messaging';
import { MetricsRegistry } from '@ppm/observability';
import { databaseUnreachable } from '@ppm/persistence';
import { planInvalidation, readEventEnvelope } from './cache-invalidation-plan';

/** The consumer's name in `inbox_messages`. */
export const CACHE_INVALIDATION_CONSUMER = 'query-cache';

/** Where and how fast the consumer reads. */
export interface CacheInvalidationSettings {
  queue: string;
  prefetch: number;
}

/** Injection token of the CacheInvalidationSettings. */
export const CACHE_INVALIDATION_SETTINGS = Symbol('CacheInvalidationSettings');

/**
 * The events that change what the query service caches: payments, their refunds, gateway configurations, and a
 * tenant's purge. Bindings are additive: a queue declared before a pattern was added gets it on the next declaration.
 */
export const CACHE_INVALIDATION_BINDINGS = [
  'ppm.payment.#',
  'ppm.refund.#',
  'ppm.gateway-config.#',
  EventTypes.tenantPurged,
] as const;

/**
 * No retry ladder or DLQ: an invalidation is retried until it succeeds, since dropping one would leave a stale entry
 * until its TTL. An event failing for another reason than an unreachable Redis or Postgres is given up after this
 * many deliveries (its entries then live at most their TTL); failures of the servers are retried as long as they last.
 */
const RETRY: RequeueInPlaceRetry = { kind: 'requeue-in-place', maxDeliveries: 10, isOutage: isServerUnavailable };

/** Outcome of one delivered event. */
type EventOutcome = 'applied' | 'duplicate' | 'ignored' | 'malformed' | 'failed' | 'abandoned';

/**
 * Invalidates the cache from PPM's events, on its own durable quorum queue that the query service's instances share.
 * Each event is deduplicated by its id in `inbox_messages`, in one Postgres transaction with the Redis invalidation
 * (`in-transaction`: the row is committed only once Redis took it). An event that is not a PPM envelope is
 * acknowledged and dropped.
 */
@MessageConsumer()
@Injectable()
export class CacheInvalidationConsumer implements HostedConsumer {
  readonly declaration: ConsumerDeclaration;
  private readonly logger = new Logger(CacheInvalidationConsumer.name);
  private readonly events: Counter<'outcome'>;

  constructor(
    @Inject(CACHE_INVALIDATION_SETTINGS) settings: CacheInvalidationSettings,
    private readonly cache: CacheAside,
    registry: MetricsRegistry,
  ) {
    this.declaration = {
      name: CACHE_INVALIDATION_CONSUMER,
      queue: settings.queue,
      bindings: CACHE_INVALIDATION_BINDINGS.map((routingKey) => ({ exchange: EVENTS_EXCHANGE, routingKey })),
      prefetch: settings.prefetch,
      retry: RETRY,
      inbox: 'in-transaction',
    };
    this.events = new Counter({
      name: 'ppm_query_cache_events_total',
      help: 'Events consumed for cache invalidation, by outcome (applied, duplicate, ignored, malformed, failed, abandoned)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  async handle(message: ConsumedMessage, inbox: ConsumerInbox): Promise<void> {
    let outcome: EventOutcome;
    try {
      outcome = await this.invalidate(message, inbox);
    } catch (error) {
      this.events.inc({ outcome: givesUp(RETRY, error, message.attempt) ? 'abandoned' : 'failed' });
      throw error;
    }
    this.events.inc({ outcome });
  }

  private async invalidate(message: ConsumedMessage, inbox: ConsumerInbox): Promise<EventOutcome> {
    const envelope = readEventEnvelope(message.body);
    if (!envelope) {
      this.logger.warn({ routingKey: message.routingKey }, 'not a PPM event envelope: dropped');
      return 'malformed';
    }
    const plan = planInvalidation(envelope, message.routingKey);
    if (plan.keys.length === 0 && !plan.purgedTenant) return 'ignored';
    const outcome = await inbox.once(envelope.id, async (manager) => {
      for (const { key, version } of plan.keys) await this.cache.invalidate(key, version);
      if (plan.otherConfigurationsOf) await this.invalidateOtherConfigurations(manager, plan.otherConfigurationsOf);
      if (plan.purgedTenant) {
        const purged = await this.cache.forgetTenant(plan.purgedTenant);
        this.logger.log({ tenantId: plan.purgedTenant, keys: purged }, 'purged tenant forgotten by the cache');
      }
    });
    return outcome.ran ? 'applied' : 'duplicate';
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
}

/** Redis or Postgres could not be reached: worth retrying for as long as it lasts. */
export function isServerUnavailable(error: unknown): boolean {
  return error instanceof CacheUnavailableError || databaseUnreachable(error);
}
