import { connect } from 'amqplib';
import { PrivateRabbitMq } from './private-rabbitmq';

describe('PrivateRabbitMq', () => {
  let broker: PrivateRabbitMq | undefined;

  afterAll(() => broker?.destroy());

  it('tells how many messages each of its queues holds', async () => {
    broker = await PrivateRabbitMq.start();
    const connection = await connect(broker.url);
    try {
      const channel = await connection.createConfirmChannel();
      await channel.assertQueue('depth-probe', { durable: true });
      for (const n of [1, 2]) channel.sendToQueue('depth-probe', Buffer.from(String(n)));
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }

    expect(await broker.queueDepths()).toMatchObject({ 'depth-probe': 2 });
  }, 120_000);
});
