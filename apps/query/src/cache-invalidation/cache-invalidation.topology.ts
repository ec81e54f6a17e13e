import type { Channel } from 'amqplib';
import { EVENTS_EXCHANGE, EventTypes } from '@ppm/contracts';

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
 * The cache-invalidation topology, declared here and nowhere else (re-declaring a queue with other arguments fails
 * with 406 and closes the channel): PPM's topic exchange, and one durable quorum queue bound to it that the query
 * service's instances share. No delivery limit: an invalidation is retried until it succeeds, since dropping one
 * would leave a stale entry until its TTL (the consumer gives up only on events that keep failing for another
 * reason than Redis or Postgres being unreachable).
 */
export async function declareCacheInvalidationTopology(channel: Channel, queue: string): Promise<void> {
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  for (const pattern of CACHE_INVALIDATION_BINDINGS) await channel.bindQueue(queue, EVENTS_EXCHANGE, pattern);
}
