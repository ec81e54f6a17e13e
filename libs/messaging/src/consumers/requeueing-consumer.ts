import type { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { MessageHandler } from './consumed-message';
import type { ConsumerMetrics } from './consumer-metrics';
import type { ConsumerBinding } from './consumer-topology';
import { QueueConsumer } from './queue-consumer';
import { requirePositiveInteger, settle, type FailedDelivery, type FailureSettlement } from './queue-subscription';

/** How a consumer without a DLQ retries: the failed message goes back to its queue. */
export interface RequeueInPlace {
  /** Deliveries after which a message failing for a reason of its own is dropped. */
  maxDeliveries: number;
  /** Failures that are an outage (a server out of reach): retried for as long as they last, never dropped. */
  isOutage(error: unknown): boolean;
}

/** One requeueing consumer: its queue, how it retries, and its handler. */
export interface RequeueingConsumerSettings extends RequeueInPlace {
  /** The consumer's name, in logs and metrics. */
  name: string;
  queue: string;
  bindings: readonly ConsumerBinding[];
  /** Deliveries handled at once (unacknowledged at most). */
  prefetch: number;
  handler: MessageHandler;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * A RabbitMQ consumer for work that is worth retrying until it succeeds and harmless to lose after that (a cache
 * invalidation: a lost one lives at most its entry's TTL), on a `QueueSubscription`. Its queue is a durable quorum
 * queue without a delivery limit or DLQ, bound to its sources. A failed delivery is nacked back to the queue after a
 * pause that grows with the failures in a row, so other messages keep flowing; it is dropped once it was delivered
 * `maxDeliveries` times, unless it failed on an outage. A message no retry can fix (not JSON, unprocessable) is
 * dropped at once.
 */
export class RequeueingConsumer extends QueueConsumer {
  private consecutiveFailures = 0;

  constructor(
    private readonly settings: RequeueingConsumerSettings,
    metrics: ConsumerMetrics,
  ) {
    requirePositiveInteger(settings.name, 'maxDeliveries', settings.maxDeliveries);
    super(settings, metrics);
  }

  declare(channel: ConfirmChannel): Promise<void> {
    return declareRequeueingQueue(channel, this.settings.queue, this.settings.bindings);
  }

  watch(): void {
    // Nothing to watch: this consumer never publishes.
  }

  attemptOf(message: ConsumeMessage): number {
    return deliveriesOf(message);
  }

  handled(): void {
    this.consecutiveFailures = 0;
  }

  async settleFailure({ channel, message, error, permanent, pause }: FailedDelivery): Promise<FailureSettlement> {
    const context = { queue: this.settings.queue, routingKey: message.fields.routingKey, err: error };
    if (permanent) {
      this.logger.warn({ ...context, reason: permanent }, 'message no retry can fix: dropped');
      settle(channel, message, 'ack');
      return { outcome: 'dropped', reason: permanent };
    }
    if (givesUp(this.settings, error, deliveriesOf(message))) {
      this.logger.error({ ...context, alert: 'MESSAGE_DROPPED' }, 'message keeps failing: dropped');
      settle(channel, message, 'drop');
      return { outcome: 'dropped', reason: 'attempts_exhausted' };
    }
    this.consecutiveFailures += 1;
    this.logger.warn(context, 'message handling failed; requeued');
    await pause(Math.min(100 * 2 ** this.consecutiveFailures, MAX_BACKOFF_MS));
    settle(channel, message, 'requeue');
    return { outcome: 'requeued' };
  }

  protected async queueDepths(): Promise<{ work: number } | undefined> {
    const channel = this.subscription.liveChannel;
    if (!channel) return undefined;
    return { work: (await channel.checkQueue(this.settings.queue)).messageCount };
  }
}

/**
 * The queue of a requeueing consumer, declared here and nowhere else (declaring it again with other arguments fails
 * with 406): a durable quorum queue without a delivery limit, bound to its (durable) source exchanges. Bindings are
 * additive: a queue declared before a binding was added gets it on the next declaration.
 */
async function declareRequeueingQueue(
  channel: Channel,
  queue: string,
  bindings: readonly ConsumerBinding[],
): Promise<void> {
  for (const { exchange, exchangeType = 'topic' } of bindings) {
    await channel.assertExchange(exchange, exchangeType, { durable: true });
  }
  await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  for (const { exchange, routingKey } of bindings) await channel.bindQueue(queue, exchange, routingKey);
}

/** Whether a requeueing consumer drops a message whose `delivery`-th delivery failed with `error`. */
export function givesUp(policy: RequeueInPlace, error: unknown, delivery: number): boolean {
  return !policy.isOutage(error) && delivery >= policy.maxDeliveries;
}

/** Deliveries of the message so far, this one included (the quorum queue counts the earlier ones). */
function deliveriesOf(message: ConsumeMessage): number {
  return Number(message.properties.headers?.['x-delivery-count'] ?? 0) + 1;
}
