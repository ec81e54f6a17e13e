import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Counter, Histogram, Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE } from '@ppm/contracts';
import {
  ConsumerConnection,
  ConsumerMetrics,
  NatsRequester,
  ReliableConsumer,
  type QueueDepthProbe,
} from '@ppm/messaging';
import { MetricsRegistry, type ReadinessCheck } from '@ppm/observability';
import { WorkerConsumers } from '../worker-consumers';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { NotificationSender } from './notification-sender';
import { PAYMENT_NOTIFICATIONS_CONSUMER, PaymentNotificationConsumer } from './payment-notification.consumer';
import { NOTIFIED_EVENT_TYPES } from './payment-outcome-event';

/**
 * The payment-notification consumer on its own recovering RabbitMQ connection: its queue is bound to `ppm.events`
 * for the notified outcome events, with the worker's retry ladder and DLQ (`ReliableConsumer`). Subscribed once
 * the app is up, stopped before the database and NATS connections close at shutdown.
 */
@Injectable()
export class PaymentNotifications implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('PaymentNotifications');
  private connection: ConsumerConnection | undefined;
  private readonly consumer: ReliableConsumer;
  private readonly sender: NotificationSender;

  constructor(
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    dataSource: DataSource,
    nats: NatsRequester,
    registry: MetricsRegistry,
    // Injected so its consumer metrics exist before these share them (see sharedConsumerMetrics).
    _workerConsumers: WorkerConsumers,
  ) {
    this.sender = new NotificationSender(nats, settings, registry);
    const handler = new PaymentNotificationConsumer(dataSource, this.sender);
    this.consumer = new ReliableConsumer(
      {
        name: PAYMENT_NOTIFICATIONS_CONSUMER,
        queue: settings.queue,
        bindings: NOTIFIED_EVENT_TYPES.map((routingKey) => ({ exchange: EVENTS_EXCHANGE, routingKey })),
        prefetch: settings.prefetch,
        retryDelaysMs: settings.retryDelaysMs,
        maxAttempts: settings.maxAttempts,
        deliveryLimit: settings.deliveryLimit,
        handler: (message) => handler.handle(message),
      },
      sharedConsumerMetrics(registry),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.enabled) {
      this.logger.log('payment notifications are off on this instance (NOTIFICATIONS_ENABLED or CONSUMERS_ENABLED)');
      return;
    }
    this.connection = await ConsumerConnection.open({ url: this.settings.amqpUrl, name: 'ppm-worker-notifications' }, [
      this.consumer,
    ]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }

  onApplicationShutdown(): void {
    this.sender.shutdown();
  }

  /** Readiness: the consumer holds a live subscription (always ready when notifications are off). */
  readinessCheck(): ReadinessCheck {
    return {
      name: 'payment-notifications',
      check: () => {
        if (!this.settings.enabled) return Promise.resolve();
        if (!this.connection) return Promise.reject(new Error('not started'));
        return this.connection.readinessCheck().check();
      },
    };
  }
}

const CONSUMER_METRIC = {
  consumed: 'ppm_consumer_messages_consumed_total',
  failed: 'ppm_consumer_messages_failed_total',
  retried: 'ppm_consumer_messages_retried_total',
  deadLettered: 'ppm_consumer_messages_dead_lettered_total',
  duration: 'ppm_consumer_handling_seconds',
} as const;

/**
 * The consumer metrics of the process registry. `ConsumerMetrics` registers its series once per registry, and the
 * worker's other consumers (`WorkerConsumers`) already did: this consumer then reports into the same series, by
 * its `consumer` label, with its queue depths under a gauge of its own.
 */
function sharedConsumerMetrics(registry: Registry): ConsumerMetrics {
  const existing = <T>(name: string): T | undefined => registry.getSingleMetric(name) as T | undefined;
  const consumed = existing<Counter<'consumer'>>(CONSUMER_METRIC.consumed);
  const failed = existing<Counter<'consumer'>>(CONSUMER_METRIC.failed);
  const retried = existing<Counter<'consumer'>>(CONSUMER_METRIC.retried);
  const deadLettered = existing<Counter<'consumer' | 'reason'>>(CONSUMER_METRIC.deadLettered);
  const duration = existing<Histogram<'consumer' | 'outcome'>>(CONSUMER_METRIC.duration);
  if (!consumed || !failed || !retried || !deadLettered || !duration) return new ConsumerMetrics(registry);
  const probes = new Map<string, QueueDepthProbe>();
  new Gauge({
    name: 'ppm_notification_queue_messages',
    help: "Messages ready in the payment-notification consumer's queues: queue=work (its lag) or queue=dlq",
    labelNames: ['consumer', 'queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [consumer, probe] of probes) {
        const depth = await probe().catch(() => undefined);
        if (!depth) continue;
        this.set({ consumer, queue: 'work' }, depth.work);
        this.set({ consumer, queue: 'dlq' }, depth.deadLetters);
      }
    },
  });
  const shared: Pick<ConsumerMetrics, 'watchQueues' | 'delivered' | 'settled'> = {
    watchQueues: (consumer, probe) => void probes.set(consumer, probe),
    delivered: (consumer) => consumed.inc({ consumer }),
    settled: (consumer, outcome, seconds, reason) => {
      if (outcome !== 'handled') failed.inc({ consumer });
      if (outcome === 'retried') retried.inc({ consumer });
      if (outcome === 'dead_lettered') deadLettered.inc({ consumer, reason: reason ?? 'attempts_exhausted' });
      duration.observe({ consumer, outcome }, seconds);
    },
  };
  // ReliableConsumer uses only these three methods; the class type has private fields an object cannot match.
  return shared as unknown as ConsumerMetrics;
}
