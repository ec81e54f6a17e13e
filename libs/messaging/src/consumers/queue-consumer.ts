import { Logger } from '@nestjs/common';
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { ConsumerMetrics } from './consumer-metrics';
import {
  QueueSubscription,
  type FailedDelivery,
  type FailureSettlement,
  type QueueSubscriptionSettings,
  type Redelivery,
  type SubscribedConsumer,
} from './queue-subscription';

/**
 * What every RabbitMQ consumer shares: a `QueueSubscription` that runs its lifecycle, and its queue depths watched by
 * the metrics. A subclass says only how it declares its queues and settles a failed delivery (`Redelivery`).
 */
export abstract class QueueConsumer implements SubscribedConsumer, Redelivery {
  protected readonly logger: Logger;
  protected readonly subscription: QueueSubscription;

  protected constructor(settings: QueueSubscriptionSettings, metrics: ConsumerMetrics) {
    this.logger = new Logger(`Consumer:${settings.name}`);
    this.subscription = new QueueSubscription(settings, this, metrics);
    metrics.watchQueues(settings.name, () => this.queueDepths());
  }

  /** The consumer's name. */
  get name(): string {
    return this.subscription.name;
  }

  /** Whether it has a live channel with its subscription. */
  get isConsuming(): boolean {
    return this.subscription.isConsuming;
  }

  /** Declares the topology and subscribes on `model` (see `QueueSubscription.attach`). */
  attach(model: ChannelModel): Promise<void> {
    return this.subscription.attach(model);
  }

  /** The connection is gone: resubscribing waits for the recovered connection's setup. */
  detach(model: ChannelModel): void {
    this.subscription.detach(model);
  }

  /** Stops taking deliveries, waits for the ones in hand to be settled, and closes the channel. */
  stop(): Promise<void> {
    return this.subscription.stop();
  }

  abstract declare(channel: ConfirmChannel): Promise<void>;
  abstract watch(channel: ConfirmChannel): void;
  abstract attemptOf(message: ConsumeMessage): number;
  abstract handled(): void;
  abstract settleFailure(failed: FailedDelivery): Promise<FailureSettlement>;

  /** The messages waiting in its queues, read on the live channel; undefined while it has none. */
  protected abstract queueDepths(): Promise<{ work: number; deadLetters?: number } | undefined>;
}
