import { Logger } from '@nestjs/common';
import { connect, type ChannelModel, type RecoveringChannelModel } from 'amqplib';
import type { ReadinessCheck } from '@ppm/observability';
import { AmqpHosts } from '../rabbitmq/amqp-hosts';
import type { SubscribedConsumer } from './queue-subscription';

/** Settings of a process's consumer connection. */
export interface ConsumerConnectionSettings {
  /** One or more comma-separated AMQP URLs, the nodes of a cluster, tried in turn (see AmqpHosts). */
  url: string;
  /** Shown in the broker's management as the connection name. */
  name: string;
}

/**
 * The RabbitMQ connection a process's consumers share, separate from its publishing connection (RabbitMQ's advice:
 * flow control that blocks a publishing connection must not hold up acks). It reconnects by itself, and the
 * consumers subscribe inside its setup, which runs after every (re)connect: after a broker restart each consumer
 * declares its topology and subscribes again before the connection counts as recovered. At boot it gives up after
 * a few tries, so an unreachable broker or a topology that cannot be declared fails the start.
 */
export class ConsumerConnection {
  private readonly logger = new Logger(ConsumerConnection.name);

  private constructor(
    private readonly model: RecoveringChannelModel,
    private readonly consumers: readonly SubscribedConsumer[],
  ) {}

  /** Connects and subscribes every consumer. */
  static async open(
    settings: ConsumerConnectionSettings,
    consumers: readonly SubscribedConsumer[],
  ): Promise<ConsumerConnection> {
    const hosts = new AmqpHosts(settings.url);
    const model = await connect(hosts.options, {
      clientProperties: { connection_name: settings.name },
      recovery: {
        initialDelay: 200,
        maxDelay: 5_000,
        initialMaxRetries: 5,
        maxRetries: Infinity,
        waitForConnect: false,
        setup: async (channelModel: ChannelModel) => {
          for (const consumer of consumers) await consumer.attach(channelModel);
        },
      },
    });
    hosts.follow(model);
    const connection = new ConsumerConnection(model, consumers);
    model.on('disconnect', (error: Error) =>
      connection.logger.warn({ err: error, node: hosts.current }, 'RabbitMQ consumer connection lost; reconnecting'),
    );
    model.on('connect-failed', (error: Error) =>
      connection.logger.warn({ err: error }, 'RabbitMQ consumer connection or subscription failed; retrying'),
    );
    model.on('error', (error: Error) => connection.logger.warn({ err: error }, 'RabbitMQ consumer connection error'));
    try {
      await model.waitForConnect();
    } catch (error) {
      await model.close().catch(() => undefined);
      throw error;
    }
    return connection;
  }

  /** Readiness: every consumer holds a live subscription. */
  readinessCheck(): ReadinessCheck {
    return {
      name: 'rabbitmq-consumers',
      check: () => {
        const idle = this.consumers.filter((consumer) => !consumer.isConsuming).map((consumer) => consumer.name);
        return idle.length === 0 ? Promise.resolve() : Promise.reject(new Error(`not consuming: ${idle.join(', ')}`));
      },
    };
  }

  /** Stops the consumers (each settles what it holds) and closes the connection. */
  async close(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    await this.model.close().catch(() => undefined);
  }
}
