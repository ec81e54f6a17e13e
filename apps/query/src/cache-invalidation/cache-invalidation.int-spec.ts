import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { CacheKeys } from '@ppm/cache';
import { migrateDatabase } from '@ppm/migrations';
import {
  createIsolatedDatabase,
  PrivateRabbitMq,
  requireServers,
  startForTest,
  testInfra,
  type IsolatedDatabase,
  type RunningService,
} from '@ppm/testing';
import { PrivateNats } from '../../test/private-servers';
import {
  deleteQueue,
  eventually,
  inInbox,
  metric,
  openDatabase,
  paymentEvent,
  publishEvent,
  testQueueName,
} from '../../test/query-test-kit';
import { QueryConfig } from '../query.config';
import { startQuery } from '../start-query';
import { CacheInvalidationConsumer } from './cache-invalidation.consumer';

describe('cache invalidation consumer on RabbitMQ', () => {
  const tenantId = randomUUID();
  let nats: PrivateNats;
  let database: IsolatedDatabase;
  let sql: DataSource;
  let redis: Redis;

  beforeAll(async () => {
    await requireServers('postgres', 'redis', 'rabbitmq');
    nats = await PrivateNats.start();
    database = await createIsolatedDatabase(migrateDatabase);
    sql = await openDatabase(database.url);
    redis = new Redis(testInfra.redisUrl);
  });

  afterAll(async () => {
    redis?.disconnect();
    await sql?.destroy();
    await database?.drop();
    await nats?.stop();
  });

  describe('on the shared broker', () => {
    const queue = testQueueName();
    let query: RunningService;
    const events = (outcome: string) => metric(query, 'ppm_query_cache_events_total', { outcome });

    beforeAll(async () => {
      query = await startForTest(QueryConfig, startQuery, {
        DATABASE_URL: database.url,
        NATS_URL: nats.url,
        CACHE_INVALIDATION_QUEUE: queue,
      });
    });

    afterAll(async () => {
      await query?.close();
      await deleteQueue(queue);
    });

    it('tombstones the transaction at the event’s version, once per event id', async () => {
      const transactionId = randomUUID();
      const event = paymentEvent('ppm.payment.succeeded.v1', tenantId, transactionId, 3);
      const [applied, duplicates] = [await events('applied'), await events('duplicate')];
      await publishEvent('ppm.payment.succeeded.v1', event);
      await publishEvent('ppm.payment.succeeded.v1', event);
      await eventually(events.bind(null, 'duplicate'), (n) => n > duplicates);
      expect(await events('applied')).toBe(applied + 1);
      expect(await events('duplicate')).toBe(duplicates + 1);
      expect(await inInbox(sql, String(event['id']))).toBe(true);
      expect(await redis.get(CacheKeys.transaction(transactionId).name)).toBe('{"version":3,"tombstone":true}');
      expect(await metric(query, 'ppm_query_cache_invalidations_total', { shape: 'transaction' })).toBeGreaterThan(0);
    });

    it('acknowledges what it cannot read and goes on with the next event', async () => {
      const malformed = await events('malformed');
      await publishEvent('ppm.payment.succeeded.v1', { hello: 'world' });
      await publishEvent('ppm.refund.processed.v1', paymentEvent('x', tenantId, 'not-a-uuid', 1));
      await eventually(events.bind(null, 'malformed'), (n) => n >= malformed + 2);
      expect(await events('malformed')).toBe(malformed + 2);
      const next = paymentEvent('ppm.refund.processed.v1', tenantId, randomUUID(), 5);
      await publishEvent('ppm.refund.processed.v1', next);
      expect(await eventually(() => inInbox(sql, String(next['id'])), Boolean)).toBe(true);
    });
  });

  describe('across a RabbitMQ restart', () => {
    let broker: PrivateRabbitMq;
    let query: RunningService;

    beforeAll(async () => {
      broker = await PrivateRabbitMq.start();
      query = await startForTest(QueryConfig, startQuery, {
        DATABASE_URL: database.url,
        NATS_URL: nats.url,
        AMQP_URL: broker.url,
      });
    }, 120_000);

    afterAll(async () => {
      await query?.close();
      await broker?.destroy();
    }, 60_000);

    it('consumes again once the broker is back, from the same durable queue', async () => {
      const before = paymentEvent('ppm.payment.failed.v1', tenantId, randomUUID(), 2);
      await publishEvent('ppm.payment.failed.v1', before, broker.url);
      expect(await eventually(() => inInbox(sql, String(before['id'])), Boolean)).toBe(true);

      const consumer = query.app.get(CacheInvalidationConsumer);
      await broker.stop();
      expect(consumer.isConsuming).toBe(false);
      await broker.restart();
      const deadline = Date.now() + 60_000;
      while (!consumer.isConsuming && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(consumer.isConsuming).toBe(true);

      const after = paymentEvent('ppm.payment.cancelled.v1', tenantId, randomUUID(), 2);
      await publishEvent('ppm.payment.cancelled.v1', after, broker.url);
      expect(await eventually(() => inInbox(sql, String(after['id'])), Boolean)).toBe(true);
      const ready = (await (await fetch(`${query.baseUrl}/health/ready`)).json()) as {
        dependencies: Record<string, { status: string }>;
      };
      expect(ready.dependencies['rabbitmq']?.status).toBe('up');
    }, 120_000);
  });
});
