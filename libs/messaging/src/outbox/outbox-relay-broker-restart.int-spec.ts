import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE, type EventEnvelope } from '@ppm/contracts';
import { migrateDatabase } from '@ppm/migrations';
import { OutboxWriter } from '@ppm/persistence';
import { createIsolatedDatabase, PrivateRabbitMq, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { RabbitMqConnection } from '../rabbitmq/rabbitmq-connection';
import { OutboxRelay } from './outbox-relay';

const AGGREGATES = 30;
const VERSIONS = 4;
const QUEUE = 'ppm.test.restart-observer';

describe('outbox relay across a RabbitMQ restart', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let broker: PrivateRabbitMq;
  let rabbit: RabbitMqConnection;
  let relay: OutboxRelay;

  const event = (aggregateId: string, version: number): EventEnvelope<unknown> => ({
    id: randomUUID(),
    type: 'ppm.payment.restarttest.v1',
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: randomUUID(),
    aggregateType: 'payment',
    aggregateId,
    aggregateVersion: version,
    traceId: `restart-${version}`,
    correlationId: randomUUID(),
    causationId: null,
    data: {},
  });
  const commit = (events: EventEnvelope<unknown>[]) =>
    dataSource.transaction((m) => new OutboxWriter().append(m, events));
  const unsent = async () =>
    Number(
      (
        await dataSource.query<{ n: string }[]>(`SELECT count(*)::text AS n FROM outbox_events WHERE sent_at IS NULL`)
      )[0]?.n,
    );

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    broker = await PrivateRabbitMq.start();
    // A durable queue, declared before anything is published, keeps what the relay delivered across the restart.
    const setup = await connect(broker.url);
    const channel = await setup.createChannel();
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    await channel.assertQueue(QUEUE, { durable: true });
    await channel.bindQueue(QUEUE, EVENTS_EXCHANGE, 'ppm.payment.restarttest.v1');
    await setup.close();
    rabbit = await RabbitMqConnection.connect({ url: broker.urlAs('command'), name: 'restart-test' });
    relay = new OutboxRelay(
      dataSource,
      rabbit,
      {
        databaseUrl: database.url,
        batchSize: 20,
        pollIntervalMs: 200,
        leaseMs: 5_000,
        retentionMs: 3_600_000,
        parkAfterAttempts: 12,
      },
      new Registry(),
    );
    await relay.onApplicationBootstrap();
  }, 120_000);

  afterAll(async () => {
    await relay?.onApplicationShutdown();
    await rabbit?.onApplicationShutdown();
    await broker?.destroy();
    await dataSource?.destroy();
    await database?.drop();
  }, 60_000);

  it('delivers every committed event, none lost, each aggregate in version order', async () => {
    const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());
    await commit(aggregates.map((id) => event(id, 1)));
    await commit(aggregates.map((id) => event(id, 2)));

    await broker.stop();
    // State changes keep committing while the broker is down: their events wait in the outbox.
    await commit(aggregates.map((id) => event(id, 3)));
    await commit(aggregates.map((id) => event(id, 4)));
    expect(await unsent()).toBeGreaterThan(0);

    await broker.restart();
    const deadline = Date.now() + 60_000;
    while ((await unsent()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await unsent()).toBe(0);

    const reader = await connect(broker.url);
    const channel = await reader.createChannel();
    const envelopes: EventEnvelope<unknown>[] = [];
    for (;;) {
      const message = await channel.get(QUEUE, { noAck: true });
      if (!message) break;
      envelopes.push(JSON.parse(message.content.toString()) as EventEnvelope<unknown>);
    }
    await reader.close();

    // At-least-once: a publish confirmed just before the broker went down may come again; consumers dedup by id.
    const firstSeen = envelopes.filter((e, i) => envelopes.findIndex((o) => o.id === e.id) === i);
    expect(firstSeen).toHaveLength(AGGREGATES * VERSIONS);
    for (const id of aggregates) {
      expect(firstSeen.filter((e) => e.aggregateId === id).map((e) => e.aggregateVersion)).toEqual([1, 2, 3, 4]);
    }
  }, 150_000);
});
