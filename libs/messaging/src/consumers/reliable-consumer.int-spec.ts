import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { runOnce } from '@ppm/persistence';
import {
  createIsolatedDatabase,
  eventually,
  requireServers,
  sampleValue,
  sleep,
  testInfra,
  type IsolatedDatabase,
} from '@ppm/testing';
import { UnprocessableMessageError, type ConsumedMessage, type MessageHandler } from './consumed-message';
import { ConsumerConnection } from './consumer-connection';
import { ConsumerMetrics } from './consumer-metrics';
import { listDeadLetters, replayDeadLetters } from './dead-letter-queue';
import { ReliableConsumer, type ReliableConsumerSettings } from './reliable-consumer';

describe('ReliableConsumer on a real RabbitMQ and Postgres', () => {
  const run = randomUUID().slice(0, 8);
  const exchange = `ppm.consumertest.${run}`;
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let admin: ChannelModel;
  let publisher: ConfirmChannel;
  const connections: ConsumerConnection[] = [];
  const topologies: ReliableConsumer['topology'][] = [];

  // Every wait here polls every 25 ms for up to 15 s.
  const patience = { timeoutMs: 15_000, intervalMs: 25 };
  const depth = async (queue: string): Promise<number> => {
    const channel = await admin.createChannel();
    try {
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await channel.close();
    }
  };

  /** Starts one consumer on a connection of its own, on a queue of this run. */
  const startConsumer = async (
    name: string,
    handler: MessageHandler,
    overrides: Partial<ReliableConsumerSettings> = {},
  ): Promise<{ consumer: ReliableConsumer; registry: Registry; routingKey: string }> => {
    const routingKey = `${name}.${run}`;
    const registry = new Registry();
    const consumer = new ReliableConsumer(
      {
        name,
        queue: `ppm.test.consumer.${run}.${name}`,
        bindings: [{ exchange, routingKey }],
        retryDelaysMs: [100, 200],
        maxAttempts: 3,
        deliveryLimit: 5,
        prefetch: 4,
        handler,
        ...overrides,
      },
      new ConsumerMetrics(registry),
    );
    topologies.push(consumer.topology);
    connections.push(await ConsumerConnection.open({ url: testInfra.amqpUrl, name: `test-${name}` }, [consumer]));
    return { consumer, registry, routingKey };
  };

  const publish = (routingKey: string, body: unknown, messageId = randomUUID(), raw?: Buffer): Promise<void> =>
    new Promise((resolve, reject) =>
      publisher.publish(
        exchange,
        routingKey,
        raw ?? Buffer.from(JSON.stringify(body)),
        { persistent: true, messageId, contentType: 'application/json' },
        (error: unknown) => (error ? reject(new Error('not confirmed')) : resolve()),
      ),
    );

  const metric = async (registry: Registry, name: string, labels: Record<string, string>) =>
    sampleValue(await registry.metrics(), name, labels);

  beforeAll(async () => {
    await requireServers('postgres', 'rabbitmq');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    await dataSource.query(`CREATE TABLE side_effects (message_id text NOT NULL)`);
    admin = await connect(testInfra.amqpUrl);
    publisher = await admin.createConfirmChannel();
    await publisher.assertExchange(exchange, 'topic', { durable: true });
  });

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    if (admin) {
      const channel = await admin.createChannel();
      for (const topology of topologies) {
        for (const queue of [topology.queue, topology.deadLetterQueue, ...topology.retryQueues.map((q) => q.name)]) {
          await channel.deleteQueue(queue);
        }
        await channel.deleteExchange(topology.retryExchange);
      }
      await channel.deleteExchange(exchange);
      await admin.close();
    }
    await dataSource?.destroy();
    await database?.drop();
  });

  it('sends a message that always fails to the DLQ after maxAttempts, through the retry ladder, and replays it', async () => {
    const attempts: { attempt: number; at: number }[] = [];
    let healed = false;
    const { consumer, registry, routingKey } = await startConsumer('poison', (message) => {
      attempts.push({ attempt: message.attempt, at: Date.now() });
      if (!healed) return Promise.reject(new Error('poison: cannot be handled'));
      return Promise.resolve();
    });
    const messageId = randomUUID();
    await publish(routingKey, { id: messageId, data: 'poison' }, messageId);
    const { deadLetterQueue } = consumer.topology;
    await eventually(
      () => depth(deadLetterQueue),
      (n) => n === 1,
      { what: 'the poison message dead-lettered', ...patience },
    );

    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // The ladder's waits, 100 ms then 200 ms (the broker expires queue heads in its own time: allow some slack).
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(90);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(190);
    expect(await depth(consumer.topology.queue)).toBe(0);
    expect(await metric(registry, 'ppm_consumer_messages_failed_total', { consumer: 'poison' })).toBe(3);
    expect(await metric(registry, 'ppm_consumer_messages_retried_total', { consumer: 'poison' })).toBe(2);
    expect(
      await metric(registry, 'ppm_consumer_messages_dead_lettered_total', {
        consumer: 'poison',
        reason: 'attempts_exhausted',
      }),
    ).toBe(1);
    expect(await metric(registry, 'ppm_consumer_queue_messages', { consumer: 'poison', queue: 'dlq' })).toBe(1);

    // Listing shows it and leaves it there, twice over.
    for (let i = 0; i < 2; i += 1) {
      await eventually(
        () => depth(deadLetterQueue),
        (n) => n === 1,
        { what: 'the dead letter in its queue before listing', ...patience },
      );
      const listing = await listDeadLetters(await admin.createChannel(), consumer.topology.queue, 10);
      expect(listing).toMatchObject({ queue: deadLetterQueue, count: 1 });
      expect(listing.first).toEqual([
        expect.objectContaining({
          messageId,
          routingKey,
          attempts: 3,
          reason: 'attempts_exhausted',
          lastError: 'poison: cannot be handled',
        }),
      ]);
    }
    // The listing hands the message back to the queue; the broker counts it again once that is done.
    await eventually(
      () => depth(deadLetterQueue),
      (n) => n === 1,
      { what: 'the dead letter back after the last listing', ...patience },
    );

    // Once the cause is fixed, a replay brings it back as a first attempt, with its original routing key.
    healed = true;
    const channel = await admin.createConfirmChannel();
    const replay = await replayDeadLetters(channel, consumer.topology.queue, 100);
    await channel.close();
    expect(replay).toEqual({ queue: deadLetterQueue, replayed: 1, remaining: 0 });
    await eventually(() => attempts.length === 4, Boolean, { what: 'the replayed message handled', ...patience });
    expect(attempts[3].attempt).toBe(1);
    await eventually(
      () => metric(registry, 'ppm_consumer_messages_consumed_total', { consumer: 'poison' }),
      (n) => n === 4,
      { what: 'four messages consumed', ...patience },
    );
    expect(await depth(deadLetterQueue)).toBe(0);
  });

  it('keeps retrying through an outage longer than its ladder, and sends nothing to the DLQ', async () => {
    let calls = 0;
    const outage = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    // maxAttempts is 3: five failures while the database is down would have dead-lettered it.
    const { consumer, routingKey } = await startConsumer('outage', () => {
      calls += 1;
      return calls <= 5 ? Promise.reject(outage()) : Promise.resolve();
    });
    await publish(routingKey, { id: randomUUID() });
    await eventually(() => calls === 6, Boolean, {
      what: 'the message handled once the database is back',
      ...patience,
    });
    await eventually(
      () => depth(consumer.topology.queue),
      (n) => n === 0,
      { what: 'the queue drained', ...patience },
    );
    expect(await depth(consumer.topology.deadLetterQueue)).toBe(0);
  });

  it('retries a message whose handler fails once, and acks it when the retry succeeds', async () => {
    const seen: ConsumedMessage[] = [];
    const { consumer, registry, routingKey } = await startConsumer('flaky', (message) => {
      seen.push(message);
      return message.attempt === 1 ? Promise.reject(new Error('database hiccup')) : Promise.resolve();
    });
    const messageId = randomUUID();
    await publish(routingKey, { id: messageId }, messageId);
    await eventually(() => seen.length === 2, Boolean, { what: 'the retry handled', ...patience });
    await sleep(300);

    expect(seen.map((m) => [m.attempt, m.messageId, m.routingKey, m.exchange])).toEqual([
      [1, messageId, routingKey, exchange],
      [2, messageId, routingKey, exchange],
    ]);
    expect(seen[1].headers['x-ppm-last-error']).toBe('database hiccup');
    expect(await depth(consumer.topology.queue)).toBe(0);
    expect(await depth(consumer.topology.deadLetterQueue)).toBe(0);
    expect(
      await metric(registry, 'ppm_consumer_handling_seconds_count', { consumer: 'flaky', outcome: 'handled' }),
    ).toBe(1);
  });

  it('runs the side effect of an event delivered several times, also concurrently, once', async () => {
    let calls = 0;
    const { consumer, routingKey } = await startConsumer('dedup', async (message) => {
      calls += 1;
      await dataSource.transaction((manager) =>
        runOnce(manager, 'dedup-test', message.messageId ?? '', async (m) => {
          await sleep(50); // a slow side effect: the copies overlap it
          await m.query(`INSERT INTO side_effects (message_id) VALUES ($1)`, [message.messageId]);
        }),
      );
    });
    const ids = [randomUUID(), randomUUID()];
    await Promise.all(ids.flatMap((id) => [1, 2, 3].map(() => publish(routingKey, { id }, id))));
    await eventually(() => calls >= 6, Boolean, { what: 'six calls', ...patience });
    // Copies that collided on the inbox row may come back through the retry ladder: wait until both side effects ran.
    const sideEffects = async () =>
      (await dataSource.query<{ n: number }[]>(`SELECT count(DISTINCT message_id)::int AS n FROM side_effects`))[0]?.n;
    await eventually(sideEffects, (n) => n === ids.length, { what: 'both side effects', ...patience });
    await eventually(
      () => depth(consumer.topology.queue),
      (n) => n === 0,
      { what: 'the queue drained', ...patience },
    );

    const rows = await dataSource.query<{ message_id: string; n: number }[]>(
      `SELECT message_id, count(*)::int AS n FROM side_effects GROUP BY message_id ORDER BY message_id`,
    );
    expect(rows).toEqual([...ids].sort().map((id) => ({ message_id: id, n: 1 })));
    const inbox = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM inbox_messages WHERE consumer = 'dedup-test'`,
    );
    expect(inbox[0]?.n).toBe(2);
  });

  it('rolls the inbox row back with a failed side effect, so the retry runs it', async () => {
    let calls = 0;
    const { routingKey } = await startConsumer('rollback', async (message) => {
      calls += 1;
      await dataSource.transaction((manager) =>
        runOnce(manager, 'rollback-test', message.messageId ?? '', async (m) => {
          await m.query(`INSERT INTO side_effects (message_id) VALUES ($1)`, [message.messageId]);
          if (message.attempt === 1) throw new Error('failed after the insert');
        }),
      );
    });
    const id = randomUUID();
    await publish(routingKey, { id }, id);
    await eventually(() => calls === 2, Boolean, { what: 'the second call', ...patience });
    await eventually(
      async () =>
        (await dataSource.query<unknown[]>(`SELECT 1 FROM inbox_messages WHERE consumer = 'rollback-test'`)).length ===
        1,
      Boolean,
      { what: 'one inbox row', ...patience },
    );
    const rows = await dataSource.query<unknown[]>(`SELECT 1 FROM side_effects WHERE message_id = $1`, [id]);
    expect(rows).toHaveLength(1);
  });

  it('keeps the queue flowing past a handler that throws, even one delivery at a time', async () => {
    const handled: number[] = [];
    const { consumer, routingKey } = await startConsumer(
      'flowing',
      (message) => {
        const { n } = message.body as { n: number };
        if (n === 0) return Promise.reject(new Error('poison'));
        handled.push(n);
        return Promise.resolve();
      },
      { prefetch: 1, retryDelaysMs: [1_000], maxAttempts: 2 },
    );
    await publish(routingKey, { n: 0 });
    for (let n = 1; n <= 20; n += 1) await publish(routingKey, { n });
    // With one delivery at a time, a poison left unacked or requeued in front would stall the other twenty.
    await eventually(() => handled.length === 20, Boolean, { what: 'the twenty messages handled', ...patience });
    expect(handled).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await eventually(
      () => depth(consumer.topology.deadLetterQueue),
      (n) => n === 1,
      { what: 'the poison message dead-lettered', ...patience },
    );
  });

  it('dead-letters a message that is not JSON, or that its handler calls unprocessable, without retrying', async () => {
    let calls = 0;
    const { consumer, registry, routingKey } = await startConsumer('unreadable', () => {
      calls += 1;
      return Promise.reject(new UnprocessableMessageError('tenantId is missing'));
    });
    await publish(routingKey, undefined, randomUUID(), Buffer.from('{not json'));
    await publish(routingKey, { id: randomUUID() });
    await eventually(
      () => depth(consumer.topology.deadLetterQueue),
      (n) => n === 2,
      { what: 'both bad messages dead-lettered', ...patience },
    );
    expect(calls).toBe(1);
    const listing = await listDeadLetters(await admin.createChannel(), consumer.topology.queue, 10);
    expect(listing.first.map((d) => [d.reason, d.attempts])).toEqual([
      ['malformed', 1],
      ['unprocessable', 1],
    ]);
    expect(listing.first[1]?.lastError).toBe('tenantId is missing');
    for (const reason of ['malformed', 'unprocessable']) {
      expect(
        await metric(registry, 'ppm_consumer_messages_dead_lettered_total', { consumer: 'unreadable', reason }),
      ).toBe(1);
    }
  });

  it('subscribes again after its channel is lost (queue deleted under it), declaring its topology anew', async () => {
    const handled: string[] = [];
    const { consumer, routingKey } = await startConsumer('resubscribe', (message) => {
      handled.push(message.messageId ?? '');
      return Promise.resolve();
    });
    const channel = await admin.createChannel();
    await channel.deleteQueue(consumer.topology.queue);
    await channel.close();
    await eventually(() => !consumer.isConsuming, Boolean, { what: 'the consumer stopped', ...patience });
    await eventually(() => consumer.isConsuming, Boolean, { what: 'the consumer back', ...patience });
    const id = randomUUID();
    await publish(routingKey, { id }, id);
    await eventually(() => handled.includes(id), Boolean, { what: 'the message handled', ...patience });
  });

  it('refuses to start when its queue exists with other arguments (topology conflict fails the boot)', async () => {
    const queue = `ppm.test.consumer.${run}.conflict`;
    const channel = await admin.createChannel();
    await channel.assertQueue(queue, { durable: true });
    await channel.close();
    const consumer = new ReliableConsumer(
      {
        name: 'conflict',
        queue,
        bindings: [{ exchange, routingKey: 'conflict' }],
        retryDelaysMs: [100],
        maxAttempts: 2,
        deliveryLimit: 5,
        prefetch: 1,
        handler: () => Promise.resolve(),
      },
      new ConsumerMetrics(new Registry()),
    );
    topologies.push(consumer.topology);
    await expect(
      ConsumerConnection.open({ url: testInfra.amqpUrl, name: 'test-conflict' }, [consumer]),
    ).rejects.toThrow(/PRECONDITION_FAILED|inequivalent/);
  }, 30_000);
});
