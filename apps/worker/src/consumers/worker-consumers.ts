import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConsumerConnection, ConsumerMetrics, ReliableConsumer } from '@ppm/messaging';
import { MetricsRegistry, type ReadinessCheck } from '@ppm/observability';
import { CONSUMER_SETTINGS, type ConsumerSettings } from './consumer-settings';
import {
  TENANT_DATA_DELETION_CONSUMER,
  TenantDataDeletionConsumer,
} from './tenant-data-deletion/tenant-data-deletion.consumer';

/**
 * The worker's RabbitMQ consumers on their own recovering connection: subscribed once the app is up (every
 * provider ready), stopped before the database and NATS connections close at shutdown, so the deliveries in hand
 * are settled first. Each consumer's topology (work queue, retry ladder, DLQ) is declared by `ReliableConsumer`.
 */
@Injectable()
export class WorkerConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Consumers');
  private connection: ConsumerConnection | undefined;
  private readonly consumers: ReliableConsumer[];

  constructor(
    @Inject(CONSUMER_SETTINGS) private readonly settings: ConsumerSettings,
    tenantDeletion: TenantDataDeletionConsumer,
    registry: MetricsRegistry,
  ) {
    const metrics = new ConsumerMetrics(registry);
    const common = {
      prefetch: settings.prefetch,
      retryDelaysMs: settings.retryDelaysMs,
      maxAttempts: settings.maxAttempts,
      deliveryLimit: settings.deliveryLimit,
    };
    this.consumers = [
      new ReliableConsumer(
        {
          ...common,
          name: TENANT_DATA_DELETION_CONSUMER,
          queue: settings.tenantDeletion.queue,
          bindings: [settings.tenantDeletion.binding],
          handler: (message) => tenantDeletion.handle(message),
        },
        metrics,
      ),
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.enabled) {
      this.logger.log('event consumers are off on this instance (CONSUMERS_ENABLED=false)');
      return;
    }
    this.connection = await ConsumerConnection.open(
      { url: this.settings.amqpUrl, name: 'ppm-worker-consumers' },
      this.consumers,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }

  /** Readiness: every consumer holds a live subscription (always ready when consumers are off). */
  readinessCheck(): ReadinessCheck {
    return {
      name: 'rabbitmq-consumers',
      check: () => {
        if (!this.settings.enabled) return Promise.resolve();
        if (!this.connection) return Promise.reject(new Error('not started'));
        return this.connection.readinessCheck().check();
      },
    };
  }
}
