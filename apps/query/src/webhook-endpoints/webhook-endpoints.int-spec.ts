import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type ListWebhookEndpointsReply, type Reply, type WebhookEndpointView } from '@ppm/contracts';
import { migrateDatabase } from '@ppm/migrations';
import { CredentialCipher, OutboxWriter, WebhookEndpointStore } from '@ppm/persistence';
import {
  createIsolatedDatabase,
  requireServers,
  startForTest,
  testInfra,
  type IsolatedDatabase,
  type RunningService,
  type TestRequester,
} from '@ppm/testing';
import { deleteQueue, natsClient, openDatabase, testQueueName } from '../../test/query-test-kit';
import { QueryConfig } from '../query.config';
import { startQuery } from '../start-query';

const context = { traceId: 'trace-webhook-endpoints', correlationId: 'trace-webhook-endpoints', causationId: null };

describe('webhook endpoint queries on real Postgres and NATS', () => {
  const tenantId = randomUUID();
  const queue = testQueueName();
  let database: IsolatedDatabase;
  let sql: DataSource;
  let query: RunningService;
  let client: TestRequester;
  let store: WebhookEndpointStore;

  const send = <T>(subject: string, data: unknown, tenant = tenantId): Promise<Reply<T>> =>
    client.request<T>(subject, data, { tenantId: tenant, userId: 'operator-1' });
  const add = async (url: string): Promise<WebhookEndpointView> => {
    const endpoint = { id: randomUUID(), tenantId, url, description: null, eventTypes: null, secret: 'whsec_unused' };
    const created = await store.create(endpoint, 10, context);
    if (!created) throw new Error('not created');
    return created;
  };

  beforeAll(async () => {
    await requireServers('postgres', 'redis', 'nats', 'rabbitmq');
    database = await createIsolatedDatabase(migrateDatabase);
    sql = await openDatabase(database.url);
    query = await startForTest(QueryConfig, startQuery, {
      DATABASE_URL: database.url,
      CACHE_INVALIDATION_QUEUE: queue,
    });
    client = await natsClient(testInfra.natsUrl, 'webhook-endpoint-queries-int-spec');
    const cipher = CredentialCipher.fromKeyring(`k1:${Buffer.alloc(32, 7).toString('base64')}`);
    store = new WebhookEndpointStore(sql, new OutboxWriter(), cipher);
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await query?.close();
    await sql?.destroy();
    await database?.drop();
    await deleteQueue(queue);
  });

  it('reads the tenant’s endpoints, oldest first, filtered by enabled, never their secrets', async () => {
    const first = await add('http://127.0.0.1:9/first');
    const second = await add('http://127.0.0.1:9/second');
    await store.update(tenantId, second.id, { enabled: false }, context);

    const all = await send<ListWebhookEndpointsReply>(Subjects.query.webhookEndpointList, {});
    const enabled = await send<ListWebhookEndpointsReply>(Subjects.query.webhookEndpointList, { enabled: true });
    const one = await send<WebhookEndpointView>(Subjects.query.webhookEndpointGet, { id: first.id });

    expect(all).toMatchObject({
      success: true,
      data: { items: [{ id: first.id }, { id: second.id, enabled: false }] },
    });
    expect(enabled).toMatchObject({ success: true, data: { items: [{ id: first.id }] } });
    expect(enabled.success && enabled.data.items).toHaveLength(1);
    expect(one).toEqual({ success: true, data: first });
    expect(JSON.stringify([all, one])).not.toMatch(/secret"|whsec_/);
  });

  it('finds nothing of another tenant', async () => {
    const endpoint = await add('http://127.0.0.1:9/mine');

    const other = await send<WebhookEndpointView>(Subjects.query.webhookEndpointGet, { id: endpoint.id }, randomUUID());
    const otherList = await send<ListWebhookEndpointsReply>(Subjects.query.webhookEndpointList, {}, randomUUID());

    expect(other).toMatchObject({ success: false, error: { code: 'WEBHOOK_ENDPOINT_NOT_FOUND' } });
    expect(otherList).toEqual({ success: true, data: { items: [] } });
  });
});
