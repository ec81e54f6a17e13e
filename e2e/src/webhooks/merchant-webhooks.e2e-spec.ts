import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { MerchantWebhookEvent, MerchantWebhookPaymentData } from '@ppm/contracts';
import { eventually, sleep } from '@ppm/testing';
import { receiverAnswering, type Received } from '../support/merchant-receiver';
import { MerchantWebhookStack } from '../support/merchant-webhook-stack';
import { TenantEdgeApi } from '../support/tenant-edge-api';

interface Endpoint {
  id: string;
  url: string;
  enabled: boolean;
  secret?: string;
}

const JWT_SECRET = `merchant-webhooks-e2e-${randomUUID()}`;
// Shortened from 24 hours so the spec sees a rotation's overlap end.
const ROTATION_OVERLAP_MS = 12_000;

// A merchant's own receiver on 127.0.0.1 verifies every delivery with the `standardwebhooks` package, as the
// merchant documentation tells merchants to.
describe('merchant webhooks on the running stack: an endpoint over HTTP, payments in the sandbox, signed deliveries', () => {
  const tenantId = randomUUID();
  const received: Received[] = [];
  let receiver: Server;
  let receiverUrl: string;
  let hooks: MerchantWebhookStack;
  let gatewayUrl: string;

  const edge = new TenantEdgeApi({
    tenantId,
    jwtSecret: JWT_SECRET,
    base: () => `${gatewayUrl}/api/v1/ppm/webhook-endpoints`,
  });
  const admin = edge.token(['ppm.admin']);
  const operator = edge.token(['ppm.operator']);
  const viewer = edge.token(['ppm.viewer']);
  /** A payment paid by the customer in the sandbox, whose gateway then calls the worker back. */
  const paidPayment = (): Promise<string> => hooks.paidPayment();
  const deliveriesOf = (transactionId: string, types: string[]): Promise<Received[]> =>
    eventually(
      () =>
        received.filter((delivery) => {
          const event = JSON.parse(delivery.body) as MerchantWebhookEvent<MerchantWebhookPaymentData>;
          return event.data.id === transactionId && types.includes(event.type);
        }),
      (deliveries) => deliveries.length >= types.length,
      { what: `deliveries of ${types.join(', ')} for ${transactionId}`, timeoutMs: 30_000 },
    );
  const verified = (secret: string, delivery: Received) =>
    new Webhook(secret).verify(delivery.body, delivery.headers) as MerchantWebhookEvent<MerchantWebhookPaymentData>;
  const verifies = (secret: string, delivery: Received): boolean => {
    try {
      verified(secret, delivery);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    ({ server: receiver, url: receiverUrl } = await receiverAnswering(() => 204, received));
    hooks = await MerchantWebhookStack.start(
      'merchant-webhooks',
      {
        command: { WEBHOOK_SECRET_ROTATION_OVERLAP_MS: String(ROTATION_OVERLAP_MS) },
        gateway: { JWT_SECRET, RATE_LIMIT_TIERS: JSON.stringify({ standard: { limit: 10_000, windowSeconds: 60 } }) },
      },
      tenantId,
    );
    gatewayUrl = hooks.stack.app('gateway').url;
  }, 180_000);

  afterAll(async () => {
    await hooks?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  }, 60_000);

  it('delivers payment.created and payment.succeeded of a sandbox payment, signed, to an endpoint made over HTTP', async () => {
    const created = await edge.call<Endpoint>('POST', '', admin, {
      url: receiverUrl,
      description: 'orders service',
      eventTypes: ['payment.created', 'payment.succeeded'],
    });
    expect(created.status).toBe(201);
    const { id, secret = '' } = created.body.data;
    expect(secret).toMatch(/^whsec_/);
    const listed = await edge.call<{ items: Endpoint[] }>('GET', '', operator);
    expect(listed.body.data.items).toEqual([expect.objectContaining({ id, url: receiverUrl, enabled: true })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice('whsec_'.length));
    expect((await edge.call('GET', `/${id}`, viewer)).status).toBe(403);
    expect((await edge.call('POST', '', operator, { url: receiverUrl })).status).toBe(403);

    const transactionId = await paidPayment();
    const deliveries = await deliveriesOf(transactionId, ['payment.created', 'payment.succeeded']);

    const events = deliveries.map((delivery) => {
      const event = verified(secret, delivery);
      expect(delivery.headers['webhook-id']).toBe(event.id);
      expect(delivery.headers['content-type']).toMatch(/^application\/json/);
      return event;
    });
    expect(events.map((event) => event.type).sort()).toEqual(['payment.created', 'payment.succeeded']);
    for (const event of events) {
      expect(event.data).toMatchObject({ id: transactionId, amount: 150_000, currency: 'VND' });
      expect(event.data.version).toEqual(expect.any(Number));
      expect(event.data).not.toHaveProperty('gatewayConfigurationId');
    }
    expect(() => verified(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, deliveries[0])).toThrow();
  });

  it('after a rotation signs with both secrets, each verifying on its own, and after the overlap with the new one alone', async () => {
    const created = await edge.call<Endpoint>('POST', '', admin, {
      url: receiverUrl,
      eventTypes: ['payment.succeeded'],
    });
    const { id, secret: oldSecret = '' } = created.body.data;

    const rotated = await edge.call<Endpoint & { previousSecretExpiresAt: string }>(
      'POST',
      `/${id}/rotate-secret`,
      admin,
    );

    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.data.secret ?? '';
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const overlapEnds = Date.parse(rotated.body.data.previousSecretExpiresAt);
    expect(overlapEnds).toBeGreaterThan(Date.now());
    expect(overlapEnds).toBeLessThanOrEqual(Date.now() + ROTATION_OVERLAP_MS);
    const transactionId = await paidPayment();
    const deliveries = await eventually(
      async () =>
        (await deliveriesOf(transactionId, ['payment.succeeded'])).filter(
          (delivery) => delivery.headers['webhook-signature'].split(' ').length === 2,
        ),
      (rotatedDeliveries) => rotatedDeliveries.length > 0,
      { what: 'a delivery to the rotated endpoint' },
    );
    const [delivery] = deliveries;
    const signatures = delivery.headers['webhook-signature'].split(' ');
    const verifiedBy = (secret: string) =>
      signatures.filter((signature) =>
        verifies(secret, { ...delivery, headers: { ...delivery.headers, 'webhook-signature': signature } }),
      );
    expect(verifiedBy(newSecret)).toHaveLength(1);
    expect(verifiedBy(oldSecret)).toHaveLength(1);
    expect(verifiedBy(newSecret)).not.toEqual(verifiedBy(oldSecret));

    await sleep(Math.max(0, overlapEnds - Date.now()));
    const afterOverlap = await paidPayment();
    // The first test's endpoint takes payment.succeeded too: the rotated endpoint's delivery is the new secret's.
    const [late] = await eventually(
      async () =>
        (await deliveriesOf(afterOverlap, ['payment.succeeded'])).filter((delivery) => verifies(newSecret, delivery)),
      (deliveries) => deliveries.length > 0,
      { what: 'a delivery to the rotated endpoint after the overlap' },
    );
    expect(late.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verifies(oldSecret, late)).toBe(false);
  });

  it('changes, reads and deletes an endpoint over HTTP, and refuses a URL with credentials', async () => {
    const created = await edge.call<Endpoint>('POST', '', admin, { url: receiverUrl, description: 'temporary' });
    const { id } = created.body.data;

    const refused = await edge.call('PUT', `/${id}`, admin, { url: 'http://user:pass@127.0.0.1:9/hooks' });
    const updated = await edge.call<Endpoint & { description: string | null }>('PUT', `/${id}`, admin, {
      enabled: false,
      description: null,
    });
    const read = await edge.call<Endpoint>('GET', `/${id}`, operator);
    const deleted = await edge.call('DELETE', `/${id}`, admin);
    const gone = await edge.call('GET', `/${id}`, operator);

    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR' } } });
    expect(updated).toMatchObject({ status: 200, body: { data: { id, enabled: false, description: null } } });
    expect(read).toMatchObject({ status: 200, body: { data: { id, enabled: false } } });
    expect(read.body.data).not.toHaveProperty('secret');
    expect(deleted).toMatchObject({ status: 200, body: { data: { id, deleted: true } } });
    expect(gone).toMatchObject({ status: 404, body: { error: { code: 'WEBHOOK_ENDPOINT_NOT_FOUND' } } });
  });
});
