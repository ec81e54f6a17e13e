import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { EVENTS_EXCHANGE } from '@ppm/contracts';
import { eventually, requireServers, TcpHop, testInfra } from '@ppm/testing';
import { ConsumerConnection } from '../consumers/consumer-connection';
import { RabbitMqConnection } from './rabbitmq-connection';

// Two TCP hops to the one local broker stand in for two nodes of a cluster: cutting a hop is its node going down.
describe('RabbitMQ connections given several AMQP URLs', () => {
  const routingKey = `ppm.test.${randomUUID()}.v1`;
  const broker = new URL(testInfra.amqpUrl);
  const hops: TcpHop[] = [];
  let observer: ChannelModel;

  const node = async (): Promise<TcpHop> => {
    const hop = await TcpHop.open(broker.hostname, Number(broker.port || 5672));
    hops.push(hop);
    return hop;
  };
  const published = (connection: RabbitMqConnection): Promise<boolean> =>
    connection.publish(EVENTS_EXCHANGE, routingKey, {}, { messageId: randomUUID() }).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    await requireServers('rabbitmq');
    observer = await connect(testInfra.amqpUrl);
    const channel = await observer.createChannel();
    // A bound queue, so the publishes are routable.
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, routingKey);
  });

  afterAll(async () => {
    await observer?.close();
    await Promise.all(hops.map((hop) => hop.close()));
  });

  it('connects through the next URL when the first node refuses', async () => {
    const down = await node();
    await down.close();
    const up = await node();
    const url = [down, up].map((hop) => hop.urlFor(testInfra.amqpUrlAs('command'))).join(',');

    const connection = await RabbitMqConnection.connect({ url, name: 'ppm-test-first-down' });
    try {
      await expect(published(connection)).resolves.toBe(true);
      expect(up.connections).toBe(1);
    } finally {
      await connection.onApplicationShutdown();
    }
  }, 30_000);

  it('keeps publishing on another node after its node goes down', async () => {
    const [first, second] = [await node(), await node()];
    const url = [first, second].map((hop) => hop.urlFor(testInfra.amqpUrlAs('command'))).join(',');
    const connection = await RabbitMqConnection.connect({ url, name: 'ppm-test-failover' });
    try {
      await expect(published(connection)).resolves.toBe(true);
      expect([first.connections, second.connections]).toEqual([1, 0]);

      await first.close();

      await eventually(() => published(connection), Boolean, { what: 'a publish after the first node went down' });
      expect(second.connections).toBe(1);
    } finally {
      await connection.onApplicationShutdown();
    }
  }, 40_000);

  it('resubscribes consumers on another node after their node goes down', async () => {
    const [first, second] = [await node(), await node()];
    const url = [first, second].map((hop) => hop.urlFor(testInfra.amqpUrl)).join(',');
    let attached = 0;
    const consumer = {
      name: 'test-consumer',
      isConsuming: true,
      attach: (): Promise<void> => {
        attached += 1;
        return Promise.resolve();
      },
      detach: (): void => undefined,
      stop: (): Promise<void> => Promise.resolve(),
    };
    const connection = await ConsumerConnection.open({ url, name: 'ppm-test-consumer-failover' }, [consumer]);
    try {
      await first.close();

      await eventually(
        () => attached,
        (count) => count === 2,
        { what: 'the consumer attached again' },
      );
      expect(second.connections).toBe(1);
    } finally {
      await connection.close();
    }
  }, 40_000);
});
