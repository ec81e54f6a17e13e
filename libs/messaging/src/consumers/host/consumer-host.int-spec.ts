import { randomUUID } from 'node:crypto';
import { Global, Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { connect, type ChannelModel } from 'amqplib';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { MetricsRegistry } from '@ppm/observability';
import {
  createIsolatedDatabase,
  eventually,
  requireServers,
  sampleValue,
  testInfra,
  type IsolatedDatabase,
} from '@ppm/testing';
import type { ConsumedMessage } from '../consumed-message';
import type { ConsumerInbox } from './consumer-inbox';
import { ConsumerHost } from './consumer-host';
import { ConsumerHostModule } from './consumer-host.module';
import { MessageConsumer, type ConsumerDeclaration, type HostedConsumer } from './message-consumer';

const run = randomUUID().slice(0, 8);
const exchange = `ppm.hosttest.${run}`;
const queue = `ppm.test.host.${run}`;

/** A consumer as an app adds one: a provider, and nothing else wired anywhere. */
@MessageConsumer()
@Injectable()
class GreetingConsumer implements HostedConsumer {
  readonly declaration: ConsumerDeclaration = {
    name: 'host-test-greetings',
    queue,
    bindings: [{ exchange, routingKey: 'greeting.#' }],
    prefetch: 2,
    retry: { kind: 'retry-ladder', retryDelaysMs: [100], maxAttempts: 3, deliveryLimit: 5 },
    inbox: 'in-transaction',
  };
  readonly greeted: string[] = [];

  async handle(message: ConsumedMessage, inbox: ConsumerInbox): Promise<void> {
    const { name } = message.body as { name: string };
    await inbox.once(message.messageId ?? '', () => Promise.resolve(this.greeted.push(name)));
  }
}

describe('ConsumerHost on a real RabbitMQ and Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let admin: ChannelModel;
  let app: TestingModule;

  beforeAll(async () => {
    await requireServers('postgres', 'rabbitmq');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    admin = await connect(testInfra.amqpUrl);

    // What every app has anyway: its metrics registry and its database.
    @Global()
    @Module({
      providers: [
        { provide: MetricsRegistry, useValue: new MetricsRegistry('host-test') },
        { provide: DataSource, useValue: dataSource },
      ],
      exports: [MetricsRegistry, DataSource],
    })
    class AppBasics {}

    app = await Test.createTestingModule({
      imports: [
        AppBasics,
        ConsumerHostModule.forRoot({
          enabled: true,
          url: testInfra.amqpUrl,
          connectionName: 'host-test',
          readinessName: 'rabbitmq-consumers',
        }),
      ],
      providers: [GreetingConsumer],
    }).compile();
  });

  afterAll(async () => {
    await app?.close();
    if (admin) {
      const channel = await admin.createChannel();
      for (const name of [queue, `${queue}.dlq`, `${queue}.retry.100ms`]) await channel.deleteQueue(name);
      await channel.deleteExchange(`${queue}.retry`);
      await channel.deleteExchange(exchange);
      await admin.close();
    }
    await dataSource?.destroy();
    await database?.drop();
  });

  it('runs a consumer provider with no other wiring: unready until it consumes, then handles each message once', async () => {
    const host = app.get(ConsumerHost);
    const readiness = host.readinessCheck();
    expect(readiness.name).toBe('rabbitmq-consumers');
    await expect(readiness.check()).rejects.toThrow('not started');

    await app.init();
    await expect(readiness.check()).resolves.toBeUndefined();
    expect(host.consumer('host-test-greetings')?.isConsuming).toBe(true);

    const channel = await admin.createConfirmChannel();
    const messageId = randomUUID();
    for (let copy = 0; copy < 2; copy += 1) {
      channel.publish(exchange, 'greeting.hello', Buffer.from(JSON.stringify({ name: 'Lan' })), {
        persistent: true,
        messageId,
      });
    }
    await channel.waitForConfirms();
    await channel.close();

    const registry = app.get(MetricsRegistry);
    const handled = (): Promise<number> =>
      registry.metrics().then((text) =>
        sampleValue(text, 'ppm_consumer_handling_seconds_count', {
          consumer: 'host-test-greetings',
          outcome: 'handled',
        }),
      );
    await eventually(handled, (n) => n === 2, { what: 'both copies handled', timeoutMs: 15_000, intervalMs: 25 });
    expect(app.get(GreetingConsumer).greeted).toEqual(['Lan']);
  });
});
