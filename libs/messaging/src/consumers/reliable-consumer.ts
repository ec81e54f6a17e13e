import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { ChannelModel, ConfirmChannel, ConsumeMessage, Message, Options } from 'amqplib';
import { newTraceId, runWithTrace } from '@ppm/observability';
import {
  ConsumerHeaders,
  UnprocessableMessageError,
  type ConsumedMessage,
  type MessageHandler,
} from './consumed-message';
import type { ConsumerMetrics, DeliveryOutcome } from './consumer-metrics';
import {
  consumerTopologyOf,
  declareConsumerTopology,
  type ConsumerTopology,
  type ConsumerTopologySettings,
} from './consumer-topology';
import { failedAttemptsOf, routeFailure, type DeadLetterReason, type RetryPolicy } from './retry-policy';

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
const MAX_BACKOFF_MS = 5_000;
// After a republish failed, the message is requeued only after this pause, so a broken retry path cannot spin.
const REQUEUE_PAUSE_MS = 1_000;
const TRACE_ID = /^[\w-]{8,64}$/;

/**
 * A RabbitMQ consumer that never loses a message and never stalls its queue (amqplib directly, manual acks):
 * - its topology is declared in one place (`declareConsumerTopology`) each time it subscribes;
 * - every delivery is settled: the handler resolved → ack; it threw → the message is republished, on the
 *   consumer's confirm channel, to the next retry queue of the ladder (or to `<queue>.dlq` after `maxAttempts`, or
 *   at once when it is unprocessable or not JSON) with its failed-attempt count, and acked only once the broker
 *   confirmed the copy. If even that publish fails, it is nacked back to the queue after a pause; a message that
 *   keeps coming back unacked is dead-lettered by the broker itself past the queue's delivery limit;
 * - up to `prefetch` deliveries are handled at once, so a slow or failing message never holds up the others;
 * - it subscribes again after its channel closes: at once on the same connection (channel error, consumer
 *   cancelled), or from the connection's setup once the connection has recovered (`ConsumerConnection`).
 */
export class ReliableConsumer {
  readonly topology: ConsumerTopology;
  private readonly logger: Logger;
  private model: ChannelModel | undefined;
  private readonly watchedModels = new WeakSet<ChannelModel>();
  private channel: ConfirmChannel | undefined;
  private consumerTag: string | undefined;
  private stopping = false;
  private recovering = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly returned = new Set<string>();
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly settings: ReliableConsumerSettings,
    private readonly metrics: ConsumerMetrics,
  ) {
    if (!Number.isInteger(settings.prefetch) || settings.prefetch < 1) {
      throw new Error(`consumer ${settings.name}: prefetch must be a positive integer`);
    }
    if (!Number.isInteger(settings.maxAttempts) || settings.maxAttempts < 1) {
      throw new Error(`consumer ${settings.name}: maxAttempts must be a positive integer`);
    }
    this.topology = consumerTopologyOf(settings);
    this.logger = new Logger(`Consumer:${settings.name}`);
    metrics.watchQueues(settings.name, () => this.queueDepths());
  }

  /** The consumer's name. */
  get name(): string {
    return this.settings.name;
  }

  /** Whether it has a live channel with its subscription. */
  get isConsuming(): boolean {
    return this.channel !== undefined && this.consumerTag !== undefined;
  }

  /**
   * Declares the topology and subscribes on `model`. Called by the connection's setup after every (re)connect; a
   * failure (e.g. 406 from conflicting queue arguments) fails that setup.
   */
  async attach(model: ChannelModel): Promise<void> {
    this.model = model;
    if (!this.watchedModels.has(model)) {
      this.watchedModels.add(model);
      model.once('close', () => this.detach(model));
    }
    if (this.stopping) return;
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) =>
      this.logger.warn({ err: error, queue: this.topology.queue }, 'channel error'),
    );
    channel.on('return', (message: Message) => {
      const id = message.properties.headers?.[PUBLISH_ID] as unknown;
      if (typeof id === 'string') this.returned.add(id);
    });
    try {
      await declareConsumerTopology(channel, this.topology);
      await channel.prefetch(this.settings.prefetch);
      const { consumerTag } = await channel.consume(this.topology.queue, (m) => this.receive(channel, m), {
        noAck: false,
      });
      this.consumerTag = consumerTag;
    } catch (error) {
      await channel.close().catch(() => undefined);
      throw error;
    }
    this.channel = channel;
    channel.once('close', () => {
      if (this.channel === channel) {
        this.channel = undefined;
        this.consumerTag = undefined;
      }
      this.resubscribe(model);
    });
    this.logger.log({ queue: this.topology.queue, prefetch: this.settings.prefetch }, 'consuming');
  }

  /** The connection is gone: resubscribing waits for the recovered connection's setup. */
  detach(model: ChannelModel): void {
    if (this.model === model) this.model = undefined;
  }

  /** Stops taking deliveries, waits for the ones in hand to be settled, and closes the channel. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sleepers.forEach((wake) => wake());
    const channel = this.channel;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await channel?.close().catch(() => undefined);
  }

  // The channel closed under a live connection (channel error, consumer cancelled): subscribe again on it, with a
  // growing pause. When the connection itself went, `detach` ends this and the connection's setup takes over.
  private resubscribe(model: ChannelModel): void {
    if (this.stopping || this.recovering) return;
    this.recovering = true;
    void (async () => {
      let delayMs = 200;
      try {
        for (;;) {
          await this.pause(delayMs);
          if (this.stopping || this.model !== model || this.channel) return;
          try {
            await this.attach(model);
            return;
          } catch (error) {
            this.logger.warn({ err: error, queue: this.topology.queue }, 'cannot subscribe again yet; retrying');
            delayMs = Math.min(delayMs * 2, MAX_BACKOFF_MS);
          }
        }
      } finally {
        this.recovering = false;
      }
    })();
  }

  private receive(channel: ConfirmChannel, message: ConsumeMessage | null): void {
    if (!message) {
      // The broker cancelled the subscription (its queue was deleted): start over on a new channel.
      this.logger.warn({ queue: this.topology.queue }, 'subscription cancelled by the broker');
      void channel.close().catch(() => undefined);
      return;
    }
    const work = this.handle(channel, message).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const started = process.hrtime.bigint();
    const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics.delivered(this.name);
    const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
    const previouslyFailed = failedAttemptsOf(headers);
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString('utf8'));
    } catch {
      const outcome = await this.fail(
        channel,
        message,
        previouslyFailed,
        new Error('the body is not JSON'),
        'malformed',
      );
      this.metrics.settled(this.name, outcome, elapsed(), 'malformed');
      return;
    }
    const consumed: ConsumedMessage = {
      messageId: messageIdOf(message, body),
      body,
      exchange: textHeader(headers[ConsumerHeaders.originalExchange]) ?? message.fields.exchange,
      routingKey: textHeader(headers[ConsumerHeaders.originalRoutingKey]) ?? message.fields.routingKey,
      attempt: previouslyFailed + 1,
      headers,
    };
    const incoming = textHeader(headers[ConsumerHeaders.traceId]);
    const traceId = incoming && TRACE_ID.test(incoming) ? incoming : newTraceId();
    try {
      await runWithTrace({ traceId }, () => this.settings.handler(consumed));
    } catch (error) {
      const permanent = error instanceof UnprocessableMessageError ? 'unprocessable' : null;
      const outcome = await runWithTrace({ traceId }, () =>
        this.fail(channel, message, previouslyFailed, error, permanent),
      );
      this.metrics.settled(this.name, outcome, elapsed(), permanent ?? 'attempts_exhausted');
      return;
    }
    settle(channel, message, 'ack');
    this.metrics.settled(this.name, 'handled', elapsed());
  }

  /** Sends a message whose attempt failed on to its retry queue or the DLQ, then acks it. */
  private async fail(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    previouslyFailed: number,
    error: unknown,
    permanent: DeadLetterReason | null,
  ): Promise<DeliveryOutcome> {
    const route = routeFailure(previouslyFailed, this.settings, permanent);
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
      await this.pause(REQUEUE_PAUSE_MS);
      settle(channel, message, 'requeue');
      return 'requeued';
    }
    settle(channel, message, 'ack');
    if (route.kind === 'retry') {
      this.logger.warn({ ...context, retryInMs: route.delayMs }, 'message handling failed; retrying later');
      return 'retried';
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
    return 'dead_lettered';
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

  private async queueDepths(): Promise<{ work: number; deadLetters: number } | undefined> {
    const channel = this.channel;
    if (!channel) return undefined;
    const [work, deadLetters] = await Promise.all([
      channel.checkQueue(this.topology.queue),
      channel.checkQueue(this.topology.deadLetterQueue),
    ]);
    return { work: work.messageCount, deadLetters: deadLetters.messageCount };
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

function settle(channel: ConfirmChannel, message: ConsumeMessage, how: 'ack' | 'requeue'): void {
  try {
    if (how === 'ack') channel.ack(message);
    else channel.nack(message, false, true);
  } catch {
    // The channel is gone: the broker delivers the unacknowledged message again on the next one.
  }
}

function messageIdOf(message: ConsumeMessage, body: unknown): string | null {
  const fromProperties = textHeader(message.properties.messageId);
  if (fromProperties) return fromProperties;
  const id = body && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id ? id : null;
}

function textHeader(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

/** The message's headers without those the broker maintains itself. */
export function withoutBrokerHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([key]) => !BROKER_HEADERS.test(key)));
}
