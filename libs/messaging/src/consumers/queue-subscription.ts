import { Logger } from '@nestjs/common';
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { newTraceId, runWithTrace } from '@ppm/observability';
import {
  ConsumerHeaders,
  UnprocessableMessageError,
  type ConsumedMessage,
  type MessageHandler,
} from './consumed-message';
import type { ConsumerMetrics, DeliveryOutcome } from './consumer-metrics';
import type { DeadLetterReason } from './retry-policy';

/** A consumer the consumer connection subscribes after every (re)connect and stops at shutdown. */
export interface SubscribedConsumer {
  readonly name: string;
  /** Whether it has a live channel with its subscription. */
  readonly isConsuming: boolean;
  attach(model: ChannelModel): Promise<void>;
  detach(model: ChannelModel): void;
  stop(): Promise<void>;
}

/** How a failed delivery was settled, for the metrics. */
export interface FailureSettlement {
  outcome: DeliveryOutcome;
  reason?: DeadLetterReason;
}

/** A delivery to settle after its handler threw, or because it is not JSON. */
export interface FailedDelivery {
  channel: ConfirmChannel;
  message: ConsumeMessage;
  error: unknown;
  /** Why no retry can fix it ('malformed': not JSON; 'unprocessable': the handler said so), or null. */
  permanent: DeadLetterReason | null;
  /** Waits, unless the consumer is stopping. */
  pause: (ms: number) => Promise<void>;
}

/**
 * What tells consumers apart once subscribed: the queues they declare and what becomes of a delivery whose handling
 * failed (a retry ladder with a DLQ, or a requeue in place).
 */
export interface Redelivery {
  /** Declares the queues, exchanges and bindings (each time the consumer subscribes). */
  declare(channel: ConfirmChannel): Promise<void>;
  /** Sees each new channel before it consumes. */
  watch(channel: ConfirmChannel): void;
  /** The delivery's attempt: 1 on the first, n on the n-th. */
  attemptOf(message: ConsumeMessage): number;
  /** Settles a delivery whose handler threw, or that is not JSON. */
  settleFailure(failed: FailedDelivery): Promise<FailureSettlement>;
  /** A delivery was handled. */
  handled(): void;
}

/** Who a subscription is, where it reads and how fast. */
export interface QueueSubscriptionSettings {
  name: string;
  queue: string;
  /** Deliveries handled at once (unacknowledged at most). */
  prefetch: number;
  handler: MessageHandler;
}

const MAX_BACKOFF_MS = 5_000;
const TRACE_ID = /^[\w-]{8,64}$/;

/**
 * A subscription to one queue (amqplib directly, manual acks), the lifecycle every consumer shares:
 * - it declares its topology and subscribes on the model the connection hands it, after every (re)connect;
 * - it subscribes again after its channel closes under a live connection (channel error, consumer cancelled), with
 *   a growing pause; when the connection itself went, the connection's setup takes over once it has recovered;
 * - up to `prefetch` deliveries are handled at once, each in a trace of its own (the message's `x-trace-id` when it
 *   has a sane one); a handled delivery is acked, a failed one settled by the consumer's `Redelivery`;
 * - `stop` cancels the subscription, waits for the deliveries in hand to be settled and closes the channel.
 */
export class QueueSubscription implements SubscribedConsumer {
  private readonly logger: Logger;
  private model: ChannelModel | undefined;
  private readonly watchedModels = new WeakSet<ChannelModel>();
  private channel: ConfirmChannel | undefined;
  private consumerTag: string | undefined;
  private stopping = false;
  private recovering = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly settings: QueueSubscriptionSettings,
    private readonly redelivery: Redelivery,
    private readonly metrics: ConsumerMetrics,
  ) {
    requirePositiveInteger(settings.name, 'prefetch', settings.prefetch);
    this.logger = new Logger(`Consumer:${settings.name}`);
  }

  get name(): string {
    return this.settings.name;
  }

  get isConsuming(): boolean {
    return this.channel !== undefined && this.consumerTag !== undefined;
  }

  /** The live channel, when there is one (to read queue depths on). */
  get liveChannel(): ConfirmChannel | undefined {
    return this.channel;
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
      this.logger.warn({ err: error, queue: this.settings.queue }, 'channel error'),
    );
    this.redelivery.watch(channel);
    try {
      await this.redelivery.declare(channel);
      await channel.prefetch(this.settings.prefetch);
      const { consumerTag } = await channel.consume(this.settings.queue, (m) => this.receive(channel, m), {
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
    this.logger.log({ queue: this.settings.queue, prefetch: this.settings.prefetch }, 'consuming');
  }

  /** The connection is gone: resubscribing waits for the recovered connection's setup. */
  detach(model: ChannelModel): void {
    if (this.model === model) this.model = undefined;
  }

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
            this.logger.warn({ err: error, queue: this.settings.queue }, 'cannot subscribe again yet; retrying');
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
      this.logger.warn({ queue: this.settings.queue }, 'subscription cancelled by the broker');
      void channel.close().catch(() => undefined);
      return;
    }
    const work = this.handle(channel, message).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const started = process.hrtime.bigint();
    const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    const pause = (ms: number): Promise<void> => this.pause(ms);
    this.metrics.delivered(this.name);
    const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString('utf8'));
    } catch {
      const { outcome } = await this.redelivery.settleFailure({
        channel,
        message,
        error: new Error('the body is not JSON'),
        permanent: 'malformed',
        pause,
      });
      this.metrics.settled(this.name, outcome, elapsed(), 'malformed');
      return;
    }
    const consumed: ConsumedMessage = {
      messageId: messageIdOf(message, body),
      body,
      exchange: textHeader(headers[ConsumerHeaders.originalExchange]) ?? message.fields.exchange,
      routingKey: textHeader(headers[ConsumerHeaders.originalRoutingKey]) ?? message.fields.routingKey,
      attempt: this.redelivery.attemptOf(message),
      headers,
    };
    const incoming = textHeader(headers[ConsumerHeaders.traceId]);
    const traceId = incoming && TRACE_ID.test(incoming) ? incoming : newTraceId();
    try {
      await runWithTrace({ traceId }, () => this.settings.handler(consumed));
    } catch (error) {
      const permanent = error instanceof UnprocessableMessageError ? 'unprocessable' : null;
      const { outcome, reason } = await runWithTrace({ traceId }, () =>
        this.redelivery.settleFailure({ channel, message, error, permanent, pause }),
      );
      this.metrics.settled(this.name, outcome, elapsed(), reason ?? permanent ?? 'attempts_exhausted');
      return;
    }
    this.redelivery.handled();
    settle(channel, message, 'ack');
    this.metrics.settled(this.name, 'handled', elapsed());
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

/** Refuses a consumer's count setting (prefetch, attempts, deliveries) unless it is a positive integer. */
export function requirePositiveInteger(consumer: string, setting: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`consumer ${consumer}: ${setting} must be a positive integer`);
}

/** Acks, requeues or drops a delivery; a channel that is gone already gave it back to the broker. */
export function settle(channel: ConfirmChannel, message: ConsumeMessage, how: 'ack' | 'requeue' | 'drop'): void {
  try {
    if (how === 'ack') channel.ack(message);
    else channel.nack(message, false, how === 'requeue');
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

/** A header's text (amqplib hands some over as Buffers). */
export function textHeader(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}
