import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { BARRIER_VERSION, CacheKeys } from '@ppm/cache';
import { Subjects, type Reply, type TransactionView } from '@ppm/contracts';
import { migrateDatabase } from '@ppm/migrations';
import { ConsumerHost } from '@ppm/messaging';
import {
  createIsolatedDatabase,
  eventually,
  PrivateNats,
  PrivateRabbitMq,
  requireServers,
  startForTest,
  testInfra,
  type IsolatedDatabase,
  type RunningService,
  type TestRequester,
} from '@ppm/testing';
import {
  inInbox,
  insertPayments,
  metric,
  natsClient,
  openDatabase,
  patience,
  paymentEvent,
  publishEvent,
  startQueryForTest,
} from '../../../test/query-test-kit';
import { QueryConfig } from '../../query.config';
import { startQuery } from '../../start-query';
import { CACHE_INVALIDATION_CONSUMER } from './cache-invalidation.consumer';

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
    let query: RunningService;
    const events = (outcome: string) => metric(query, 'ppm_query_cache_events_total', { outcome });

    beforeAll(async () => {
      query = await startQueryForTest({ DATABASE_URL: database.url, NATS_URL: nats.url });
    });

    afterAll(() => query?.close());

    it('tombstones the transaction at the event’s version, once per event id', async () => {
      const transactionId = randomUUID();
      const event = paymentEvent('ppm.payment.succeeded.v1', tenantId, transactionId, 3);
      const [applied, duplicates] = [await events('applied'), await events('duplicate')];
      await publishEvent('ppm.payment.succeeded.v1', event);
      await publishEvent('ppm.payment.succeeded.v1', event);
      await eventually(events.bind(null, 'duplicate'), (n) => n > duplicates, {
        what: 'a duplicate counted',
        ...patience,
      });
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
      await eventually(events.bind(null, 'malformed'), (n) => n >= malformed + 2, {
        what: 'both malformed events counted',
        ...patience,
      });
      expect(await events('malformed')).toBe(malformed + 2);
      const next = paymentEvent('ppm.refund.processed.v1', tenantId, randomUUID(), 5);
      await publishEvent('ppm.refund.processed.v1', next);
      expect(
        await eventually(() => inInbox(sql, String(next['id'])), Boolean, {
          what: 'the next event in the inbox',
          ...patience,
        }),
      ).toBe(true);
    });
  });

  describe('on a tenant purge', () => {
    const purgedTenant = randomUUID();
    const keptTenant = randomUUID();
    let query: RunningService;
    let client: TestRequester;
    const getTransaction = (tenant: string, transactionId: string): Promise<Reply<TransactionView>> =>
      client.request<TransactionView>(Subjects.query.transactionGet, { transactionId }, { tenantId: tenant });
    const purged = (shape: string) => metric(query, 'ppm_query_cache_invalidations_total', { shape, effect: 'purged' });
    const tenantOf = async (name: string): Promise<unknown> =>
      (JSON.parse((await redis.get(name)) ?? '{}') as { tenantId?: unknown }).tenantId;

    beforeAll(async () => {
      query = await startQueryForTest({ DATABASE_URL: database.url, NATS_URL: nats.url });
      client = await natsClient(nats.url, 'cache-purge-test');
    });

    afterAll(async () => {
      await client?.onApplicationShutdown();
      await query?.close();
    });

    it('forgets every cached entry of the purged tenant and keeps the other tenant’s', async () => {
      const purgedIds = await insertPayments(sql, [{ tenantId: purgedTenant }, { tenantId: purgedTenant }]);
      const keptIds = await insertPayments(sql, [{ tenantId: keptTenant }, { tenantId: keptTenant }]);
      for (const [tenant, ids] of [
        [purgedTenant, purgedIds],
        [keptTenant, keptIds],
      ] as const) {
        for (const id of ids) expect(await getTransaction(tenant, id)).toMatchObject({ success: true, data: { id } });
        for (const id of ids) expect(await tenantOf(CacheKeys.transaction(id).name)).toBe(tenant);
      }
      // Configuration entries, as the query service would have cached them.
      const entry = (tenant: string) => JSON.stringify({ version: 1, tenantId: tenant, data: {} });
      const purgedConfig = CacheKeys.gatewayConfig(randomUUID()).name;
      const keptConfig = CacheKeys.gatewayConfig(randomUUID()).name;
      const purgedDefault = CacheKeys.tenantDefaultGatewayConfig(purgedTenant).name;
      const keptDefault = CacheKeys.tenantDefaultGatewayConfig(keptTenant).name;
      for (const [name, tenant] of [
        [purgedConfig, purgedTenant],
        [keptConfig, keptTenant],
        [purgedDefault, purgedTenant],
        [keptDefault, keptTenant],
      ] as const) {
        await redis.set(name, entry(tenant), 'PX', 60_000);
      }

      // The command service's purge: rows deleted, then the event (envelope without a tenant, as the purger's).
      await sql.query(`DELETE FROM payment_transactions WHERE tenant_id = $1`, [purgedTenant]);
      const [transactionsBefore, configsBefore, defaultsBefore] = [
        await purged('transaction'),
        await purged('gateway_config'),
        await purged('gateway_config_default'),
      ];
      const event: Record<string, unknown> = {
        ...paymentEvent('ppm.tenant.purged.v1', purgedTenant, purgedTenant, 1),
        tenantId: null,
        aggregateType: 'Tenant',
        data: { tenantId: purgedTenant, deleted: { payment_transactions: 2 } },
      };
      await publishEvent('ppm.tenant.purged.v1', event);
      expect(
        await eventually(() => inInbox(sql, String(event['id'])), Boolean, {
          what: 'the purge event in the inbox',
          ...patience,
        }),
      ).toBe(true);

      const barrier = `{"version":${BARRIER_VERSION},"tombstone":true}`;
      for (const name of [...purgedIds.map((id) => CacheKeys.transaction(id).name), purgedConfig, purgedDefault]) {
        expect(await redis.get(name)).toBe(barrier);
      }
      for (const id of keptIds) expect(await tenantOf(CacheKeys.transaction(id).name)).toBe(keptTenant);
      expect(await redis.get(keptConfig)).toBe(entry(keptTenant));
      expect(await redis.get(keptDefault)).toBe(entry(keptTenant));
      expect(await purged('transaction')).toBe(transactionsBefore + 2);
      expect(await purged('gateway_config')).toBe(configsBefore + 1);
      expect(await purged('gateway_config_default')).toBe(defaultsBefore + 1);

      // Read again: not found, and nothing of the tenant is cached again.
      expect(await getTransaction(purgedTenant, purgedIds[0])).toMatchObject({
        success: false,
        error: { code: 'TRANSACTION_NOT_FOUND' },
      });
      expect(await redis.get(CacheKeys.transaction(purgedIds[0]).name)).toBe(barrier);
      expect(await getTransaction(keptTenant, keptIds[0])).toMatchObject({ success: true, data: { id: keptIds[0] } });
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
      expect(
        await eventually(() => inInbox(sql, String(before['id'])), Boolean, {
          what: 'the event before the broker restart in the inbox',
          ...patience,
        }),
      ).toBe(true);

      const consumer = query.app.get(ConsumerHost).consumer(CACHE_INVALIDATION_CONSUMER)!;
      await broker.stop();
      expect(consumer.isConsuming).toBe(false);
      await broker.restart();
      const deadline = Date.now() + 60_000;
      while (!consumer.isConsuming && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(consumer.isConsuming).toBe(true);

      const after = paymentEvent('ppm.payment.cancelled.v1', tenantId, randomUUID(), 2);
      await publishEvent('ppm.payment.cancelled.v1', after, broker.url);
      expect(
        await eventually(() => inInbox(sql, String(after['id'])), Boolean, {
          what: 'the event after the broker restart in the inbox',
          ...patience,
        }),
      ).toBe(true);
      const ready = (await (await fetch(`${query.baseUrl}/health/ready`)).json()) as {
        dependencies: Record<string, { status: string }>;
      };
      expect(ready.dependencies['rabbitmq']?.status).toBe('up');
    }, 120_000);
  });
});
