import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EventContext } from '@ppm/domain';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { OutboxWriter } from '../outbox/outbox-writer';
import { CredentialCipher } from '../secrets/credential-cipher';
import { WebhookDeliveryQueue } from './webhook-delivery-queue';
import { WebhookDeliverySteering } from './webhook-delivery-steering';
import { WebhookEndpointStore } from './webhook-endpoint-store';
import { WebhookFanOut } from './webhook-fan-out';

const CLAIM = { limit: 10, claimForMs: 60_000, perTarget: 4, excludedEndpointIds: [], excludedUrls: [] };

// An endpoint an admin disables by hand (PUT enabled: false) gets nothing new and sends nothing, but loses nothing:
// its pending deliveries wait, an operator may recover its failed ones meanwhile, and all of them go out once it is
// enabled again.
describe('a hand-disabled merchant webhook endpoint, on a real Postgres', () => {
  const tenantId = randomUUID();
  const context: EventContext = {
    traceId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { type: 'USER', id: 'admin-1' },
  };
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let endpoints: WebhookEndpointStore;
  let queue: WebhookDeliveryQueue;
  let steering: WebhookDeliverySteering;
  const fanOut = new WebhookFanOut();

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    const cipher = CredentialCipher.fromKeyring(`k1:${randomBytes(32).toString('base64')}`);
    endpoints = new WebhookEndpointStore(dataSource, new OutboxWriter(), cipher);
    queue = new WebhookDeliveryQueue(dataSource, new OutboxWriter(), 432_000_000);
    steering = new WebhookDeliverySteering(dataSource, new OutboxWriter());
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const fannedOut = (eventId: string): Promise<number> =>
    dataSource.transaction((manager) =>
      fanOut.enqueue(manager, {
        tenantId,
        eventId,
        eventType: 'payment.succeeded',
        payload: { id: eventId, type: 'payment.succeeded' },
        callbackUrl: null,
      }),
    );
  const statusOf = async (eventId: string) =>
    (
      await dataSource.query<{ status: string; attempt_count: number }[]>(
        `SELECT status, attempt_count FROM webhook_deliveries WHERE event_id = $1`,
        [eventId],
      )
    )[0];

  it('fans nothing out to it and holds its pending deliveries; recovered and pending ones go out once it is enabled', async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const endpoint = await endpoints.create(
      { id: randomUUID(), tenantId, url: 'http://127.0.0.1:9/hooks', description: null, eventTypes: null, secret },
      10,
      context,
    );
    if (!endpoint) throw new Error('the endpoint was not created');
    const pending = randomUUID();
    const failed = randomUUID();
    expect(await fannedOut(pending)).toBe(1);
    expect(await fannedOut(failed)).toBe(1);
    await dataSource.query(
      `UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL, attempt_count = 8 WHERE event_id = $1`,
      [failed],
    );

    await endpoints.update(tenantId, endpoint.id, { enabled: false }, context);

    const later = randomUUID();
    expect(
      await dataSource.transaction((manager) => fanOut.hasSubscribers(manager, tenantId, 'payment.succeeded')),
    ).toBe(false);
    expect(await fannedOut(later)).toBe(0);
    expect(await queue.claimDue(CLAIM)).toEqual([]);
    expect(await statusOf(pending)).toEqual({ status: 'PENDING', attempt_count: 0 });
    expect(await steering.recover(tenantId, endpoint.id, new Date(Date.now() - 3_600_000).toISOString(), context)).toBe(
      1,
    );
    expect(await queue.claimDue(CLAIM)).toEqual([]);

    await endpoints.update(tenantId, endpoint.id, { enabled: true }, context);

    const claimed = await queue.claimDue(CLAIM);
    expect(claimed.map((delivery) => delivery.eventId).sort()).toEqual([pending, failed].sort());
    expect(claimed.every((delivery) => delivery.endpointId === endpoint.id)).toBe(true);
    expect(await statusOf(later)).toBeUndefined();
  });
});
