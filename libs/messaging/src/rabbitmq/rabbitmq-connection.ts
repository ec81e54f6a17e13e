import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  connect,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
  type RecoveringChannelModel,
} from 'amqplib';
import { EVENTS_EXCHANGE } from '@ppm/contracts';
import { currentTraceId, type ReadinessCheck } from '@ppm/observability';
import { AmqpHosts } from './amqp-hosts';
import { UnroutableMessageError } from './unroutable-message.error';

/** Longest wait for the broker's confirm of one publish. */
const CONFIRM_TIMEOUT_MS = 10_000;

/** Settings of the process's RabbitMQ connection. */
export interface RabbitMqSettings {
  /** One or more comma-separated AMQP URLs, the nodes of a cluster, tried in turn (see AmqpHosts). */
  url: string;
  /** Shown in the broker's management as the connection name. */
  name: string;
}

/** What to publish besides the body. `messageId` is the consumers' dedup key (the event id). */
export interface PublishOptions {
  messageId: string;
  traceId?: string;
  headers?: Record<string, string | number | boolean>;
}

/**
 * One RabbitMQ connection per process (amqplib directly, not Nest's RMQ transport) that reconnects by itself and
 * publishes on a confirm channel: `publish` resolves only once the broker has confirmed a persistent, mandatory
 * message, and rejects when it was nacked, returned as unroutable, or the channel closed first, so a caller such
 * as the outbox relay keeps the event until it is really stored.
 */
export class RabbitMqConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(RabbitMqConnection.name);
  private channel: ConfirmChannel | undefined;
  private readonly returned = new Set<string>();

  private constructor(private readonly model: RecoveringChannelModel) {}

  /** Connects (giving up at boot after a few tries), declares PPM's exchange, then keeps reconnecting for good. */
  static async connect(settings: RabbitMqSettings): Promise<RabbitMqConnection> {
    const holder: { instance?: RabbitMqConnection } = {};
    const hosts = new AmqpHosts(settings.url);
    const model = await connect(hosts.options, {
      clientProperties: { connection_name: settings.name },
      recovery: {
        initialDelay: 200,
        maxDelay: 5_000,
        initialMaxRetries: 5,
        maxRetries: Infinity,
        waitForConnect: false,
        // Runs after every (re)connect: a new connection needs a new confirm channel and PPM's exchange.
        setup: async (channelModel: ChannelModel) => holder.instance?.openChannel(channelModel),
      },
    });
    hosts.follow(model);
    const instance = new RabbitMqConnection(model);
    holder.instance = instance;
    model.on('disconnect', (error: Error) => {
      instance.channel = undefined;
      instance.logger.warn({ err: error, node: hosts.current }, 'RabbitMQ connection lost; reconnecting');
    });
    // Without a listener, a socket error (ECONNRESET when the broker goes down) is re-thrown inside amqplib before
    // it closes the connection: no 'disconnect', no reconnect, and every publish after it waits for a dead socket.
    model.on('error', (error: Error) => instance.logger.warn({ err: error }, 'RabbitMQ connection error'));
    await model.waitForConnect();
    return instance;
  }

  private async openChannel(channelModel: ChannelModel): Promise<void> {
    const channel = await channelModel.createConfirmChannel();
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    channel.on('return', (message: ConsumeMessage) => {
      if (message.properties.messageId) this.returned.add(String(message.properties.messageId));
    });
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    channel.on('error', (error: Error) => this.logger.warn({ err: error }, 'RabbitMQ channel error'));
    this.channel = channel;
  }

  /** Publishes a JSON body and waits for the broker's confirm. */
  publish(exchange: string, routingKey: string, body: unknown, options: PublishOptions): Promise<void> {
    const channel = this.channel;
    if (!channel) return Promise.reject(new Error('RabbitMQ is not connected; the message was not published'));
    const content = Buffer.from(JSON.stringify(body));
    return new Promise<void>((resolve, reject) => {
      // A confirm that never comes (a connection that died without closing the channel) must not hold the caller,
      // e.g. the outbox relay's pass, for ever: unconfirmed means not published, so the row is tried again.
      const timer = setTimeout(
        () => reject(new Error(`RabbitMQ did not confirm message ${options.messageId} in ${CONFIRM_TIMEOUT_MS} ms`)),
        CONFIRM_TIMEOUT_MS,
      );
      channel.publish(
        exchange,
        routingKey,
        content,
        {
          persistent: true,
          mandatory: true,
          messageId: options.messageId,
          contentType: 'application/json',
          timestamp: Math.floor(Date.now() / 1000),
          headers: { ...options.headers, 'x-trace-id': options.traceId ?? currentTraceId() },
        },
        (error: unknown) => {
          clearTimeout(timer);
          const wasReturned = this.returned.delete(options.messageId);
          if (error) reject(new Error(`RabbitMQ did not confirm message ${options.messageId}`));
          else if (wasReturned) reject(new UnroutableMessageError(exchange, routingKey));
          else resolve();
        },
      );
    });
  }

  /** A plain channel for consumers and topology, on the current connection. */
  createChannel(): Promise<import('amqplib').Channel> {
    return this.model.createChannel();
  }

  /** Readiness: a confirm channel is open on a live connection. */
  readinessCheck(): ReadinessCheck {
    return {
      name: 'rabbitmq',
      check: () => (this.channel ? Promise.resolve() : Promise.reject(new Error('not connected'))),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }
}
