import { randomUUID } from 'node:crypto';
import { Subjects, type ListWebhookEndpointsReply, type Reply, type WebhookEndpointView } from '@ppm/contracts';
import type { WebhookEndpointStore } from '@ppm/persistence';
import { QueryTestBed } from '../../test/query-test-bed';
import { webhookEndpointStore } from '../../test/webhook-endpoint-store';

const context = { traceId: 'trace-webhook-endpoints', correlationId: 'trace-webhook-endpoints', causationId: null };

describe('webhook endpoint queries on real Postgres and NATS', () => {
  const tenantId = randomUUID();
  let bed: QueryTestBed;
  let store: WebhookEndpointStore;

  const send = <T>(subject: string, data: unknown, tenant = tenantId): Promise<Reply<T>> =>
    bed.client.request<T>(subject, data, { tenantId: tenant, userId: 'operator-1' });
  const add = async (url: string): Promise<WebhookEndpointView> => {
    const endpoint = { id: randomUUID(), tenantId, url, description: null, eventTypes: null, secret: 'whsec_unused' };
    const created = await store.create(endpoint, 10, context);
    if (!created) throw new Error('not created');
    return created;
  };

  beforeAll(async () => {
    bed = await QueryTestBed.start({ clientName: 'webhook-endpoint-queries-int-spec' });
    store = webhookEndpointStore(bed.sql);
  });

  afterAll(() => bed?.stop());

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
