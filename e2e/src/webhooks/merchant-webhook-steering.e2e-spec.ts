import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type {
  ListWebhookDeliveriesReply,
  MerchantWebhookEvent,
  RetryWebhookDeliveryReply,
  TestWebhookEndpointReply,
  WebhookDeliveryDetail,
  WebhookEndpointWithSecret,
} from '@ppm/contracts';
import { eventually } from '@ppm/testing';
import { receiverAnswering, RECEIVER_DOWN, type Received } from '../support/merchant-receiver';
import { MerchantWebhookStack } from '../support/merchant-webhook-stack';
import { TenantEdgeApi } from '../support/tenant-edge-api';

const JWT_SECRET = `merchant-webhook-steering-e2e-${randomUUID()}`;

// An operator tests an endpoint, follows a delivery that failed its (shortened) schedule and sends it again.
describe('seeing and steering merchant webhook deliveries over HTTP on the running stack', () => {
  const tenantId = randomUUID();
  const healthyReceived: Received[] = [];
  const flakyReceived: Received[] = [];
  let flakyStatus = 503;
  let healthy: { server: Server; url: string };
  let flaky: { server: Server; url: string };
  let hooks: MerchantWebhookStack;
  let gatewayUrl: string;

  const edge = new TenantEdgeApi({
    tenantId,
    jwtSecret: JWT_SECRET,
    base: () => `${gatewayUrl}/api/v1/ppm/`,
    idempotencyKeys: true,
  });
  const admin = edge.token(['ppm.admin']);
  const operator = edge.token(['ppm.operator']);
  const viewer = edge.token(['ppm.viewer']);
  const endpointAt = async (url: string): Promise<WebhookEndpointWithSecret> => {
    const created = await edge.call<WebhookEndpointWithSecret>('POST', 'webhook-endpoints', admin, { url });
    expect(created.status).toBe(201);
    return created.body.data;
  };
  const deliveryWhen = (deliveryId: string, done: (delivery: WebhookDeliveryDetail) => boolean) =>
    eventually(
      async () =>
        (await edge.call<WebhookDeliveryDetail>('GET', `webhook-deliveries/${deliveryId}`, operator)).body.data,
      done,
      { what: `delivery ${deliveryId}`, timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    healthy = await receiverAnswering(() => 204, healthyReceived);
    flaky = await receiverAnswering(() => flakyStatus, flakyReceived);
    hooks = await MerchantWebhookStack.start(
      'webhook-steering',
      {
        // Two attempts, then FAILED: the whole schedule within a second.
        worker: { MERCHANT_WEBHOOK_RETRY_SCHEDULE_MS: '0,300' },
        gateway: { JWT_SECRET, RATE_LIMIT_TIERS: JSON.stringify({ standard: { limit: 10_000, windowSeconds: 60 } }) },
      },
      tenantId,
    );
    gatewayUrl = hooks.stack.app('gateway').url;
  }, 180_000);

  afterAll(async () => {
    await hooks?.stop();
    await new Promise((resolve) => healthy?.server.close(resolve));
    await new Promise((resolve) => flaky?.server.close(resolve));
  }, 60_000);

  it('sends a ping to the tested endpoint that the standardwebhooks package verifies', async () => {
    const endpoint = await endpointAt(healthy.url);
    expect((await edge.call('POST', `webhook-endpoints/${endpoint.id}/test`, viewer)).status).toBe(403);

    const tested = await edge.call<TestWebhookEndpointReply>('POST', `webhook-endpoints/${endpoint.id}/test`, operator);

    expect(tested.status).toBe(202);
    const [delivery] = await eventually(
      () => healthyReceived.filter((received) => received.headers['webhook-id'] === tested.body.data.eventId),
      (found) => found.length > 0,
      { what: 'the ping', timeoutMs: 30_000 },
    );
    const event = new Webhook(endpoint.secret).verify(delivery?.body ?? '', delivery?.headers ?? {});
    expect(event).toEqual({
      id: tested.body.data.eventId,
      type: 'ping',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
      data: { endpointId: endpoint.id },
    } satisfies MerchantWebhookEvent<unknown>);
    const shown = await deliveryWhen(tested.body.data.deliveryId, (found) => found.status === 'DELIVERED');
    expect(shown.attempts).toEqual([expect.objectContaining({ statusCode: 204, error: null })]);
  });

  it('lists a delivery that failed its schedule with its attempts, retries it, and it ends delivered', async () => {
    const endpoint = await endpointAt(flaky.url);
    const tested = await edge.call<TestWebhookEndpointReply>('POST', `webhook-endpoints/${endpoint.id}/test`, operator);
    const { deliveryId } = tested.body.data;

    const failed = await deliveryWhen(deliveryId, (found) => found.status === 'FAILED');
    expect(failed.attempts).toEqual([
      expect.objectContaining({ statusCode: 503, responseExcerpt: RECEIVER_DOWN }),
      expect.objectContaining({ statusCode: 503, responseExcerpt: RECEIVER_DOWN }),
    ]);
    const listed = await edge.call<ListWebhookDeliveriesReply>(
      'GET',
      `webhook-endpoints/${endpoint.id}/deliveries?status=FAILED&eventType=ping`,
      operator,
    );
    expect(listed.body.data.items).toEqual([expect.objectContaining({ id: deliveryId, attemptCount: 2 })]);
    expect((await edge.call('GET', `webhook-deliveries/${deliveryId}`, viewer)).status).toBe(403);

    flakyStatus = 200;
    const retried = await edge.call<RetryWebhookDeliveryReply>(
      'POST',
      `webhook-deliveries/${deliveryId}/retry`,
      operator,
    );

    expect(retried).toMatchObject({
      status: 200,
      body: { data: { id: deliveryId, status: 'PENDING', attemptCount: 2 } },
    });
    const delivered = await deliveryWhen(deliveryId, (found) => found.status === 'DELIVERED');
    expect(delivered.attempts.map((attempt) => attempt.statusCode)).toEqual([503, 503, 200]);
    const verifiedIds = flakyReceived.map(
      (received) => (new Webhook(endpoint.secret).verify(received.body, received.headers) as { id: string }).id,
    );
    expect(new Set(verifiedIds)).toEqual(new Set([tested.body.data.eventId]));
    const again = await edge.call('POST', `webhook-deliveries/${deliveryId}/retry`, operator);
    expect(again).toMatchObject({ status: 422, body: { error: { code: 'INVALID_STATE_TRANSITION' } } });
  });
});
