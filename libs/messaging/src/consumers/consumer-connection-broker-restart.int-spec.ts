import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { Registry } from 'prom-client';
import { PrivateRabbitMq } from '@ppm/testing';
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

  const eventually = async (check: () => boolean, ms = 60_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
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
    await eventually(() => handled.includes(before));
    await expect(connection!.readinessCheck().check()).resolves.toBeUndefined();

    await broker.stop();
    await eventually(() => !consumer.isConsuming);
    await expect(connection!.readinessCheck().check()).rejects.toThrow(/not consuming: restart/);
    await broker.restart();
    await eventually(() => consumer.isConsuming);

    const after = randomUUID();
    await publish(after);
    await eventually(() => handled.includes(after));
    await expect(connection!.readinessCheck().check()).resolves.toBeUndefined();
  }, 120_000);
});
