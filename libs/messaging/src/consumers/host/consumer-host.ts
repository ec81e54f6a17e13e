import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { MetricsRegistry, type ReadinessCheck } from '@ppm/observability';
import type { ConsumedMessage } from '../consumed-message';
import { ConsumerConnection } from '../consumer-connection';
import { ConsumerMetrics } from '../consumer-metrics';
import type { SubscribedConsumer } from '../queue-subscription';
import { ReliableConsumer } from '../reliable-consumer';
import { RequeueingConsumer } from '../requeueing-consumer';
import { ConsumerInbox } from './consumer-inbox';
import { MessageConsumer, type HostedConsumer } from './message-consumer';

/** How an app hosts its consumers. */
export interface ConsumerHostSettings {
  /** Consume on this instance at all. */
  enabled: boolean;
  url: string;
  /** The consumer connection's name in the broker's management. */
  connectionName: string;
  /** The name the consumers' readiness reports under. */
  readinessName: string;
}

/** Injection token of the ConsumerHostSettings. */
export const CONSUMER_HOST_SETTINGS = Symbol('ConsumerHostSettings');

/**
 * Runs every `@MessageConsumer()` provider of the app on one recovering connection of its own (never the
 * publishing one): subscribed once the app is up (every provider ready), stopped before the database and NATS
 * connections close at shutdown, so the deliveries in hand are settled first. It builds each consumer from its
 * declaration (retry ladder or requeue in place), gives its handler the inbox in the declared mode, reports into the
 * process's one set of consumer metrics, and keeps the app unready while a consumer it runs is not consuming.
 */
@Injectable()
export class ConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Consumers');
  private readonly metrics: ConsumerMetrics;
  private consumers: SubscribedConsumer[] = [];
  private connection: ConsumerConnection | undefined;
  private started = false;

  constructor(
    @Inject(CONSUMER_HOST_SETTINGS) private readonly settings: ConsumerHostSettings,
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
    registry: MetricsRegistry,
  ) {
    this.metrics = new ConsumerMetrics(registry);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.enabled) {
      this.logger.log('event consumers are off on this instance (CONSUMERS_ENABLED=false)');
      return;
    }
    this.consumers = this.discovered().flatMap((consumer) => {
      if (consumer.declaration.enabled === false) {
        this.logger.log({ consumer: consumer.declaration.name }, 'consumer off on this instance');
        return [];
      }
      return [this.build(consumer)];
    });
    if (this.consumers.length > 0) {
      this.connection = await ConsumerConnection.open(
        { url: this.settings.url, name: this.settings.connectionName },
        this.consumers,
      );
    }
    this.started = true;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }

  /** A running consumer, by its declared name (diagnostics and tests). */
  consumer(name: string): SubscribedConsumer | undefined {
    return this.consumers.find((consumer) => consumer.name === name);
  }

  /**
   * The work queues of this app's consumers that dead-letter (a retry ladder ends in `<queue>.dlq`), whether or not
   * this instance consumes them: where its operators look for dead letters.
   */
  deadLetteringQueues(): string[] {
    return this.discovered()
      .filter((consumer) => consumer.declaration.retry.kind === 'retry-ladder')
      .map((consumer) => consumer.declaration.queue);
  }

  /**
   * Readiness: once started, every consumer it runs holds a live subscription (always ready when consumers are off
   * or it runs none).
   */
  readinessCheck(): ReadinessCheck {
    return {
      name: this.settings.readinessName,
      check: () => {
        if (!this.settings.enabled) return Promise.resolve();
        if (!this.started) return Promise.reject(new Error('not started'));
        return this.connection?.readinessCheck().check() ?? Promise.resolve();
      },
    };
  }

  private discovered(): HostedConsumer[] {
    return this.discovery
      .getProviders({ metadataKey: MessageConsumer.KEY })
      .map((wrapper) => wrapper.instance as HostedConsumer);
  }

  private build(consumer: HostedConsumer): SubscribedConsumer {
    const { name, queue, bindings, prefetch, retry, inbox: mode } = consumer.declaration;
    const inbox = new ConsumerInbox(this.moduleRef.get(DataSource, { strict: false }), name, mode);
    const common = {
      name,
      queue,
      bindings,
      prefetch,
      handler: (message: ConsumedMessage) => consumer.handle(message, inbox),
    };
    if (retry.kind === 'retry-ladder') return new ReliableConsumer({ ...common, ...retry }, this.metrics);
    return new RequeueingConsumer({ ...common, ...retry }, this.metrics);
  }
}
