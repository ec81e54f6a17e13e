import type { Channel } from 'amqplib';

/** Where a consumer's messages come from. The exchange is declared durable, of `exchangeType` (default `topic`). */
export interface ConsumerBinding {
  exchange: string;
  routingKey: string;
  exchangeType?: 'topic' | 'direct' | 'fanout' | 'headers';
}

/** What a consumer's queues are made of. */
export interface ConsumerTopologySettings {
  /** The work queue; the retry exchange, retry queues and dead-letter queue are named after it. */
  queue: string;
  bindings: readonly ConsumerBinding[];
  /** The retry ladder: how long a failed message waits before its next attempt, per retry (the last one repeats). */
  retryDelaysMs: readonly number[];
  /**
   * Deliveries of one message that end without an ack (the process died or lost its channel mid-handler) after
   * which the broker itself dead-letters it to the DLQ: a message that crashes its consumer every time cannot
   * block the queue for ever. Part of the queue's arguments: changing it on an existing queue fails with 406.
   */
  deliveryLimit: number;
}

/** The names of a consumer's queues and exchange, derived from its work queue. */
export interface ConsumerTopology {
  queue: string;
  bindings: readonly ConsumerBinding[];
  /** Direct exchange the consumer publishes failed messages to: to a retry queue, or to the DLQ. */
  retryExchange: string;
  /** One per distinct delay, named after it (another ladder adds queues rather than conflicting with these). */
  retryQueues: readonly { name: string; delayMs: number }[];
  /** Where a message goes after its last attempt, and where an operator finds it: `<queue>.dlq`. */
  deadLetterQueue: string;
  /** The routing key (on the retry exchange) of a retry step. */
  retryRoutingKeyOf(delayMs: number): string;
  deliveryLimit: number;
}

/** Names every queue of a consumer. */
export function consumerTopologyOf(settings: ConsumerTopologySettings): ConsumerTopology {
  const { queue } = settings;
  if (settings.retryDelaysMs.length === 0) throw new Error(`consumer ${queue}: the retry ladder needs a delay`);
  const nameOf = (delayMs: number): string => `${queue}.retry.${delayMs}ms`;
  const delays = [...new Set(settings.retryDelaysMs)];
  return {
    queue,
    bindings: settings.bindings,
    retryExchange: `${queue}.retry`,
    retryQueues: delays.map((delayMs) => ({ name: nameOf(delayMs), delayMs })),
    deadLetterQueue: deadLetterQueueOf(queue),
    retryRoutingKeyOf: nameOf,
    deliveryLimit: settings.deliveryLimit,
  };
}

/** The dead-letter queue of a work queue. */
export function deadLetterQueueOf(queue: string): string {
  return `${queue}.dlq`;
}

// Dead-lettering that survives a broker failure between the two queues (at-least-once needs reject-publish).
const AT_LEAST_ONCE = { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' } as const;

/**
 * Declares a consumer's topology, here and nowhere else (declaring a queue again with other arguments fails with
 * 406 and closes the channel):
 * - the source exchanges and the work queue's bindings to them;
 * - the work queue: durable quorum queue whose broker-side dead letters (past `deliveryLimit` unacked deliveries)
 *   go through the retry exchange to the DLQ;
 * - the retry exchange (direct) and one quorum queue per retry delay, bound by their name: a message published
 *   there waits out the queue's TTL and is dead-lettered back to the work queue (default exchange, routed by the
 *   queue's name);
 * - the DLQ, a durable quorum queue without a delivery limit (so listing it, which returns messages unacked, never
 *   drops any), bound to the retry exchange by its name.
 */
export async function declareConsumerTopology(channel: Channel, topology: ConsumerTopology): Promise<void> {
  const { queue, retryExchange, deadLetterQueue } = topology;
  await channel.assertExchange(retryExchange, 'direct', { durable: true });
  await channel.assertQueue(deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(deadLetterQueue, retryExchange, deadLetterQueue);
  for (const { name, delayMs } of topology.retryQueues) {
    await channel.assertQueue(name, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
        ...AT_LEAST_ONCE,
      },
    });
    await channel.bindQueue(name, retryExchange, name);
  }
  await channel.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': topology.deliveryLimit,
      'x-dead-letter-exchange': retryExchange,
      'x-dead-letter-routing-key': deadLetterQueue,
      ...AT_LEAST_ONCE,
    },
  });
  for (const { exchange, routingKey, exchangeType = 'topic' } of topology.bindings) {
    await channel.assertExchange(exchange, exchangeType, { durable: true });
    await channel.bindQueue(queue, exchange, routingKey);
  }
}
