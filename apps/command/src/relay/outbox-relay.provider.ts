import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelay, RabbitMqConnection } from '@ppm/messaging';
import { MetricsRegistry } from '@ppm/observability';
import { OutboxWriter } from '@ppm/persistence';
import type { CommandConfig } from '../command.config';
import { PaymentOutcomeMetrics } from '../shared/payment-outcome-metrics';

/**
 * The outbox relay, as the command service runs it in process (`wakeOnCommits`: its payment writes wake it
 * directly instead of through NOTIFY) or as its own process runs it (`relay.js`: woken by NOTIFY and the poll).
 */
export function outboxRelayProvider(config: CommandConfig, wakeOnCommits: boolean): Provider {
  return {
    provide: OutboxRelay,
    inject: [DataSource, RabbitMqConnection, MetricsRegistry, ...(wakeOnCommits ? [OutboxWriter] : [])],
    useFactory: (
      dataSource: DataSource,
      rabbit: RabbitMqConnection,
      metrics: MetricsRegistry,
      outbox?: OutboxWriter,
    ) => {
      const relay = new OutboxRelay(
        dataSource,
        rabbit,
        {
          databaseUrl: config.DATABASE_URL,
          batchSize: config.OUTBOX_BATCH_SIZE,
          pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
          leaseMs: 30_000,
          retentionMs: 7 * 24 * 3_600_000,
          parkAfterAttempts: config.OUTBOX_PARK_AFTER_ATTEMPTS,
        },
        metrics,
      );
      if (outbox) relay.wakeOnCommitsOf(outbox);
      // Payments and refunds by final status, counted once each, as their events are published.
      const outcomes = new PaymentOutcomeMetrics(metrics);
      relay.onPublished((event) => outcomes.count(event));
      return relay;
    },
  };
}
