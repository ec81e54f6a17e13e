import { randomUUID } from 'node:crypto';
import {
  Subjects,
  type ListWebhookDeliveriesReply,
  type Reply,
  type WebhookDeliveryDetail,
  type WebhookEndpointView,
} from '@ppm/contracts';
import { QueryTestBed } from '../../test/query-test-bed';
import { webhookEndpointStore } from '../../test/webhook-endpoint-store';

const context = { traceId: 'trace-webhook-deliveries', correlationId: 'trace-webhook-deliveries', causationId: null };

describe('webhook delivery queries on real Postgres and NATS', () => {
  const tenantId = randomUUID();
  let bed: QueryTestBed;
  let endpoint: WebhookEndpointView;

  const send = <T>(subject: string, data: unknown, tenant = tenantId): Promise<Reply<T>> =>
    bed.client.request<T>(subject, data, { tenantId: tenant, userId: 'operator-1' });
  const list = (data: Record<string, unknown>, tenant = tenantId): Promise<Reply<ListWebhookDeliveriesReply>> =>
    send<ListWebhookDeliveriesReply>(Subjects.query.webhookDeliveryList, { endpointId: endpoint.id, ...data }, tenant);
  const addDelivery = async (eventType: string, status: string, createdAt: string): Promise<string> => {
    const id = randomUUID();
    await bed.sql.query(
      `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, payload, status,
                                       next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 = 'PENDING' THEN now() END, $8)`,
      [id, tenantId, endpoint.id, randomUUID(), eventType, { type: eventType }, status, createdAt],
    );
    return id;
  };

  beforeAll(async () => {
    bed = await QueryTestBed.start({ clientName: 'webhook-delivery-queries-int-spec' });
    const created = await webhookEndpointStore(bed.sql).create(
      { id: randomUUID(), tenantId, url: 'http://127.0.0.1:9/hook', description: null, eventTypes: null, secret: 'x' },
      10,
      context,
    );
    if (!created) throw new Error('not created');
    endpoint = created;
  });

  afterAll(() => bed?.stop());

  it('pages an endpoint’s deliveries newest first and filters them by status, event type and time', async () => {
    const oldest = await addDelivery('payment.created', 'DELIVERED', '2026-11-01T10:00:00.000Z');
    const failed = await addDelivery('payment.succeeded', 'FAILED', '2026-11-02T10:00:00.000Z');
    const newest = await addDelivery('payment.created', 'PENDING', '2026-11-03T10:00:00.000Z');

    const first = await list({ limit: 2 });
    const second = await list({ limit: 2, cursor: first.success ? first.data.nextCursor : 'none' });
    const failedOnly = await list({ status: 'FAILED' });
    const created = await list({ eventType: 'payment.created' });
    const window = await list({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-03T00:00:00.000Z' });

    expect(first).toMatchObject({ success: true, data: { items: [{ id: newest }, { id: failed }] } });
    expect(first.success && first.data.nextCursor).toEqual(expect.any(String));
    expect(second).toEqual({
      success: true,
      data: { items: [expect.objectContaining({ id: oldest })], nextCursor: null },
    });
    expect(failedOnly).toMatchObject({ success: true, data: { items: [{ id: failed, status: 'FAILED' }] } });
    expect(failedOnly.success && failedOnly.data.items).toHaveLength(1);
    expect(created.success && created.data.items.map((item) => item.id)).toEqual([newest, oldest]);
    expect(window.success && window.data.items.map((item) => item.id)).toEqual([failed]);
  });

  it('reads a delivery with its attempts, oldest first', async () => {
    const id = await addDelivery('payment.failed', 'PENDING', '2026-11-04T10:00:00.000Z');
    await bed.sql.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt)
       VALUES ($1, '2026-11-04T10:00:01Z', 503, 12, 'HTTP 503', 'busy'),
              ($1, '2026-11-04T10:00:00Z', NULL, 5000, 'connect timeout', NULL)`,
      [id],
    );

    const delivery = await send<WebhookDeliveryDetail>(Subjects.query.webhookDeliveryGet, { deliveryId: id });

    expect(delivery).toMatchObject({
      success: true,
      data: {
        id,
        endpointId: endpoint.id,
        eventType: 'payment.failed',
        status: 'PENDING',
        payload: { type: 'payment.failed' },
        attempts: [
          { attemptedAt: '2026-11-04T10:00:00.000Z', statusCode: null, latencyMs: 5000, error: 'connect timeout' },
          { attemptedAt: '2026-11-04T10:00:01.000Z', statusCode: 503, latencyMs: 12, responseExcerpt: 'busy' },
        ],
      },
    });
  });

  it('shows another tenant neither the endpoint’s deliveries nor a delivery', async () => {
    const id = await addDelivery('payment.created', 'DELIVERED', '2026-11-05T10:00:00.000Z');

    const deliveries = await list({}, randomUUID());
    const delivery = await send<WebhookDeliveryDetail>(
      Subjects.query.webhookDeliveryGet,
      { deliveryId: id },
      randomUUID(),
    );

    expect(deliveries).toMatchObject({ success: false, error: { code: 'WEBHOOK_ENDPOINT_NOT_FOUND' } });
    expect(delivery).toMatchObject({ success: false, error: { code: 'WEBHOOK_DELIVERY_NOT_FOUND' } });
  });

  it('refuses a cursor it did not give', async () => {
    expect(await list({ cursor: 'bm90LWEtY3Vyc29y' })).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR' },
    });
  });
});
