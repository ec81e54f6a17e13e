import { randomUUID } from 'node:crypto';
import { connect, type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { EVENTS_EXCHANGE, EventTypes } from '@ppm/contracts';
import { runWithTrace } from '@ppm/observability';
import { requireServers, TcpHop, testInfra } from '@ppm/testing';
import { RabbitMqConnection } from './rabbitmq-connection';
import { UnroutableMessageError } from './unroutable-message.error';

/** Declared by the broker's definitions (tools/bus/rabbitmq-definitions.json), not by PPM's apps. */
const AUDIT_FEED_QUEUE = 'ppm.audit.feed';
const EVENTS_FEED_QUEUE = 'ppm.events.feed';

describe('RabbitMqConnection on a real RabbitMQ', () => {
  let connection: RabbitMqConnection;
  let observer: ChannelModel;
  let channel: Channel;
  const routingKey = `ppm.test.${randomUUID()}.v1`;
  let queue: string;

  beforeAll(async () => {
    await requireServers('rabbitmq');
    // PPM's publisher is the command service: its own user, allowed to publish to ppm.events only.
    connection = await RabbitMqConnection.connect({ url: testInfra.amqpUrlAs('command'), name: 'ppm-test' });
    observer = await connect(testInfra.amqpUrl);
    channel = await observer.createChannel();
    queue = (await channel.assertQueue('', { exclusive: true })).queue;
    await channel.bindQueue(queue, EVENTS_EXCHANGE, routingKey);
  });

  afterAll(async () => {
    await observer?.close();
    await connection?.onApplicationShutdown();
  });

  const nextMessage = (): Promise<ConsumeMessage> =>
    new Promise((resolve) => {
      void channel.consume(
        queue,
        (message) => {
          if (message) resolve(message);
        },
        { noAck: true },
      );
    });

  it('resolves after the broker confirmed a persistent message that carries its id and the current traceId', async () => {
    const received = nextMessage();
    const messageId = randomUUID();
    await runWithTrace({ traceId: 'trace-0123456789' }, () =>
      connection.publish(EVENTS_EXCHANGE, routingKey, { hello: 'world' }, { messageId }),
    );
    const message = await received;
    expect(message.properties.messageId).toBe(messageId);
    expect(message.properties.deliveryMode).toBe(2);
    expect(message.properties.headers?.['x-trace-id']).toBe('trace-0123456789');
    expect(JSON.parse(message.content.toString())).toEqual({ hello: 'world' });
  });

  it('rejects a message no queue is bound for instead of letting it vanish', async () => {
    await expect(
      connection.publish(EVENTS_EXCHANGE, `ppm.unbound.${randomUUID()}.v1`, {}, { messageId: randomUUID() }),
    ).rejects.toBeInstanceOf(UnroutableMessageError);
  });

  it("routes PPM's audit events without any consumer: the broker's definitions bind them to a bounded feed", async () => {
    // Unbound, they would be parked by the outbox relay after its retries; the feed keeps them for the audit-log
    // context. The audit_log table stays the record.
    await expect(
      connection.publish(EVENTS_EXCHANGE, EventTypes.auditRecorded, {}, { messageId: randomUUID() }),
    ).resolves.toBeUndefined();
    await expect(channel.checkQueue(AUDIT_FEED_QUEUE)).resolves.toMatchObject({ queue: AUDIT_FEED_QUEUE });
  });

  it("routes every event type no PPM consumer takes to the definitions' bounded feed, so none is ever parked", async () => {
    // Payments, refunds and gateway configurations go to PPM's own consumers' queues; every other type to a feed.
    const consumed = /^ppm\.(payment|refund|gateway-config)\./;
    const others = Object.values(EventTypes).filter(
      (type) => !consumed.test(type) && type !== EventTypes.auditRecorded,
    );
    expect(others.length).toBeGreaterThan(5);
    for (const type of others)
      await expect(connection.publish(EVENTS_EXCHANGE, type, {}, { messageId: randomUUID() })).resolves.toBeUndefined();
    await expect(channel.checkQueue(EVENTS_FEED_QUEUE)).resolves.toMatchObject({ queue: EVENTS_FEED_QUEUE });
  });

  it('reports itself ready while connected', async () => {
    await expect(connection.readinessCheck().check()).resolves.toBeUndefined();
  });

  it('reconnects and publishes again after its socket is reset (ECONNRESET, as when the broker goes down)', async () => {
    const broker = new URL(testInfra.amqpUrl);
    // A TCP hop to the broker that can reset every connection through it.
    const hop = await TcpHop.open(broker.hostname, Number(broker.port || 5672));
    const via = hop.urlFor(testInfra.amqpUrlAs('command'));
    const proxied = await RabbitMqConnection.connect({ url: via, name: 'ppm-test-reset' });
    try {
      await proxied.publish(EVENTS_EXCHANGE, routingKey, { n: 1 }, { messageId: randomUUID() });

      hop.reset();

      const deadline = Date.now() + 20_000;
      let published = false;
      while (!published && Date.now() < deadline) {
        published = await proxied.publish(EVENTS_EXCHANGE, routingKey, { n: 2 }, { messageId: randomUUID() }).then(
          () => true,
          () => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200)),
        );
      }
      expect(published).toBe(true);
    } finally {
      await proxied.onApplicationShutdown();
      await hop.close();
    }
  }, 30_000);
});
