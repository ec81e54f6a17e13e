import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { Registry } from 'prom-client';
import { eventually, PrivateRabbitMq } from '@ppm/testing';
import { ConsumerConnection } from './consumer-connection';
import { ConsumerMetrics } from './consumer-metrics';
import { ReliableConsumer } from './reliable-consumer';

const EXCHANGE = 'ppm.test.restart-consumer';
const ROUTING_KEY = 'restart.test';

describe('ConsumerConnection across a RabbitMQ restart', () => {
  let broker: PrivateRabbitMq;
  let connection: ConsumerConnection | undefined;
  let consumer: ReliableConsumer;
  const handled: string[] = [];

  // Every wait here polls every 50 ms for up to 60 s.
  const patience = { timeoutMs: 60_000, intervalMs: 50 };
  const publish = async (id: string): Promise<void> => {
    const model = await connect(broker.url);
    try {
      const channel = await model.createConfirmChannel();
      channel.publish(EXCHANGE, ROUTING_KEY, Buffer.from(JSON.stringify({ id })), { persistent: true, messageId: id });
      await channel.waitForConfirms();
    } finally {
      await model.close();
    }
  };

  beforeAll(async () => {
    broker = await PrivateRabbitMq.start();
    consumer = new ReliableConsumer(
      {
        name: 'restart',
        queue: 'ppm.test.restart-consumer',
        bindings: [{ exchange: EXCHANGE, routingKey: ROUTING_KEY }],
        retryDelaysMs: [100],
        maxAttempts: 3,
        deliveryLimit: 5,
        prefetch: 2,
        handler: (message) => {
          handled.push(message.messageId ?? '');
          return Promise.resolve();
        },
      },
      new ConsumerMetrics(new Registry()),
    );
    connection = await ConsumerConnection.open({ url: broker.url, name: 'restart-test' }, [consumer]);
  }, 120_000);

  afterAll(async () => {
    await connection?.close();
    await broker?.destroy();
  }, 60_000);

  it('subscribes again by itself once the broker is back, and goes on consuming', async () => {
    const before = randomUUID();
    await publish(before);
    await eventually(() => handled.includes(before), Boolean, {
      what: 'the message before the restart handled',
      ...patience,
    });
    await expect(connection!.readinessCheck().check()).resolves.toBeUndefined();

    await broker.stop();
    await eventually(() => !consumer.isConsuming, Boolean, {
      what: 'the consumer stopped with the broker',
      ...patience,
    });
    await expect(connection!.readinessCheck().check()).rejects.toThrow(/not consuming: restart/);
    await broker.restart();
    await eventually(() => consumer.isConsuming, Boolean, { what: 'the consumer back with the broker', ...patience });

    const after = randomUUID();
    await publish(after);
    await eventually(() => handled.includes(after), Boolean, {
      what: 'the message after the restart handled',
      ...patience,
    });
    await expect(connection!.readinessCheck().check()).resolves.toBeUndefined();
  }, 120_000);
});
