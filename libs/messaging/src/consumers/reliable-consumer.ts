import { randomUUID } from 'node:crypto';
import type { ConfirmChannel, ConsumeMessage, Message, Options } from 'amqplib';
import { databaseUnreachable } from '@ppm/persistence';
import { ConsumerHeaders, type MessageHandler } from './consumed-message';
import type { ConsumerMetrics } from './consumer-metrics';
import {
  consumerTopologyOf,
  declareConsumerTopology,
  type ConsumerTopology,
  type ConsumerTopologySettings,
} from './consumer-topology';
import { QueueConsumer } from './queue-consumer';
import {
  requirePositiveInteger,
  settle,
  textHeader,
  type FailedDelivery,
  type FailureSettlement,
} from './queue-subscription';
import { failedAttemptsOf, routeFailure, type RetryPolicy } from './retry-policy';

/** One consumer: its queues, how it retries, and its handler. */
export interface ReliableConsumerSettings extends ConsumerTopologySettings, RetryPolicy {
  /** The consumer's name, in logs and metrics (and, by convention, its `inbox_messages.consumer`). */
  name: string;
  /** Deliveries handled at once (unacknowledged at most). */
  prefetch: number;
  handler: MessageHandler;
}

// Marks each republish, so a message the broker returns as unroutable is told apart from the others in flight.
const PUBLISH_ID = 'x-ppm-publish-id';
// Headers the broker owns: copying them into a republish would confuse its own bookkeeping.
const BROKER_HEADERS = /^(x-death|x-first-death-|x-last-death-|x-delivery-count$)/;
const MAX_ERROR_TEXT = 1_000;
// After a republish failed, the message is requeued only after this pause, so a broken retry path cannot spin.
const REQUEUE_PAUSE_MS = 1_000;

/**
 * A RabbitMQ consumer that never loses a message and never stalls its queue, on a `QueueSubscription` (which
 * subscribes it again after a channel or connection loss and handles up to `prefetch` deliveries at once):
 * - its topology is declared in one place (`declareConsumerTopology`) each time it subscribes;
 * - every delivery is settled: the handler resolved → ack; it threw → the message is republished, on the
 *   consumer's confirm channel, to the next retry queue of the ladder (or to `<queue>.dlq` after `maxAttempts`, or
 *   at once when it is unprocessable or not JSON) with its failed-attempt count, and acked only once the broker
 *   confirmed the copy. If even that publish fails, it is nacked back to the queue after a pause; a message that
 *   keeps coming back unacked is dead-lettered by the broker itself past the queue's delivery limit.
 */
export class ReliableConsumer extends QueueConsumer {
  readonly topology: ConsumerTopology;
  private readonly returned = new Set<string>();

  constructor(
    private readonly settings: ReliableConsumerSettings,
    metrics: ConsumerMetrics,
  ) {
    requirePositiveInteger(settings.name, 'maxAttempts', settings.maxAttempts);
    super(settings, metrics);
    this.topology = consumerTopologyOf(settings);
  }

  declare(channel: ConfirmChannel): Promise<void> {
    return declareConsumerTopology(channel, this.topology);
  }

  watch(channel: ConfirmChannel): void {
    channel.on('return', (message: Message) => {
      const id = message.properties.headers?.[PUBLISH_ID] as unknown;
      if (typeof id === 'string') this.returned.add(id);
    });
  }

  attemptOf(message: ConsumeMessage): number {
    return failedAttemptsOf(message.properties.headers) + 1;
  }

  handled(): void {
    // Nothing to reset: the ladder's state travels with each message.
  }

  /** Sends a message whose attempt failed on to its retry queue or the DLQ, then acks it. */
  async settleFailure({ channel, message, error, permanent, pause }: FailedDelivery): Promise<FailureSettlement> {
    const previouslyFailed = failedAttemptsOf(message.properties.headers);
    const route = routeFailure(previouslyFailed, this.settings, permanent, databaseUnreachable(error));
    const reason = error instanceof Error ? error.message : String(error);
    const headers: Record<string, unknown> = {
      ...withoutBrokerHeaders(message.properties.headers),
      [ConsumerHeaders.attempts]: route.failedAttempts,
      [ConsumerHeaders.lastError]: reason.slice(0, MAX_ERROR_TEXT),
      [ConsumerHeaders.originalExchange]:
        textHeader(message.properties.headers?.[ConsumerHeaders.originalExchange]) ?? message.fields.exchange,
      [ConsumerHeaders.originalRoutingKey]:
        textHeader(message.properties.headers?.[ConsumerHeaders.originalRoutingKey]) ?? message.fields.routingKey,
    };
    const context = {
      queue: this.topology.queue,
      messageId: message.properties.messageId as unknown,
      attempt: route.failedAttempts,
      err: error,
    };
    if (route.kind === 'dead-letter') {
      headers[ConsumerHeaders.deadLetteredBy] = this.name;
      headers[ConsumerHeaders.deadLetterReason] = route.reason;
      headers[ConsumerHeaders.deadLetteredAt] = new Date().toISOString();
    }
    const routingKey =
      route.kind === 'retry' ? this.topology.retryRoutingKeyOf(route.delayMs) : this.topology.deadLetterQueue;
    try {
      await this.republish(channel, routingKey, message, headers);
    } catch (publishError) {
      this.logger.error(
        { ...context, publishError, alert: 'CONSUMER_REPUBLISH_FAILED' },
        'could not move a failed message on; requeued',
      );
      await pause(REQUEUE_PAUSE_MS);
      settle(channel, message, 'requeue');
      return { outcome: 'requeued' };
    }
    settle(channel, message, 'ack');
    if (route.kind === 'retry') {
      this.logger.warn({ ...context, retryInMs: route.delayMs }, 'message handling failed; retrying later');
      return { outcome: 'retried' };
    }
    this.logger.error(
      {
        ...context,
        reason: route.reason,
        deadLetterQueue: this.topology.deadLetterQueue,
        alert: 'MESSAGE_DEAD_LETTERED',
      },
      'message dead-lettered',
    );
    return { outcome: 'dead_lettered', reason: route.reason };
  }

  /** Publishes a copy of `message` on the retry exchange and waits for the broker's confirm. */
  private republish(
    channel: ConfirmChannel,
    routingKey: string,
    message: ConsumeMessage,
    headers: Record<string, unknown>,
  ): Promise<void> {
    const publishId = randomUUID();
    const { properties } = message;
    const options: Options.Publish = {
      persistent: true,
      mandatory: true,
      contentType: properties.contentType as string | undefined,
      contentEncoding: properties.contentEncoding as string | undefined,
      correlationId: properties.correlationId as string | undefined,
      messageId: properties.messageId as string | undefined,
      timestamp: properties.timestamp as number | undefined,
      type: properties.type as string | undefined,
      appId: properties.appId as string | undefined,
      headers: { ...headers, [PUBLISH_ID]: publishId },
    };
    return new Promise<void>((resolve, reject) => {
      try {
        channel.publish(this.topology.retryExchange, routingKey, message.content, options, (error: unknown) => {
          const wasReturned = this.returned.delete(publishId);
          if (error) reject(new Error(`the broker did not confirm the copy sent to ${routingKey}`));
          else if (wasReturned)
            reject(new Error(`no queue is bound to ${this.topology.retryExchange} for ${routingKey}`));
          else resolve();
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  protected async queueDepths(): Promise<{ work: number; deadLetters: number } | undefined> {
    const channel = this.subscription.liveChannel;
    if (!channel) return undefined;
    const [work, deadLetters] = await Promise.all([
      channel.checkQueue(this.topology.queue),
      channel.checkQueue(this.topology.deadLetterQueue),
    ]);
    return { work: work.messageCount, deadLetters: deadLetters.messageCount };
  }
}

/** The message's headers without those the broker maintains itself. */
export function withoutBrokerHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([key]) => !BROKER_HEADERS.test(key)));
}
