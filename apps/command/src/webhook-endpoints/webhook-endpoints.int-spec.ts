import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import {
  EventTypes,
  Subjects,
  type DeleteWebhookEndpointReply,
  type Reply,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
} from '@ppm/contracts';
import type { NatsRequester } from '@ppm/messaging';
import { CredentialCipher, openWebhookSecret, type EncryptedSecret } from '@ppm/persistence';
import { CommandTestBed } from '../../test/command-test-bed';

const LIMIT = 3;
const DAY_MS = 24 * 3_600_000;

interface StoredEndpoint {
  secret: EncryptedSecret;
  previous_secret: EncryptedSecret | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
}

describe('webhook endpoint commands on real Postgres, NATS and RabbitMQ', () => {
  let bed: CommandTestBed;
  let nats: NatsRequester;
  let sql: Client;
  let cipher: CredentialCipher;

  const send = <T>(subject: string, data: unknown, tenantId: string, idempotencyKey?: string): Promise<Reply<T>> =>
    nats.request<T>(subject, data, { tenantId, traceId: `trace-${randomUUID()}`, userId: 'admin-1', idempotencyKey });
  const create = (tenantId: string, data: object, idempotencyKey?: string) =>
    send<WebhookEndpointWithSecret>(Subjects.command.webhookEndpointCreate, data, tenantId, idempotencyKey);
  const created = async (tenantId: string, data: object = { url: 'http://127.0.0.1:9/hooks' }) => {
    const reply = await create(tenantId, data);
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };
  const stored = async (id: string): Promise<StoredEndpoint> => {
    const { rows } = await sql.query<StoredEndpoint>(
      `SELECT secret, previous_secret, previous_secret_expires_at, failing_since FROM webhook_endpoints WHERE id = $1`,
      [id],
    );
    return rows[0];
  };
  const eventsOf = async (id: string) =>
    (
      await sql.query<{ event_type: string; payload: string }>(
        `SELECT event_type, payload::text FROM outbox_events WHERE aggregate_id = $1 ORDER BY aggregate_version`,
        [id],
      )
    ).rows;

  beforeAll(async () => {
    bed = await CommandTestBed.start('webhook-endpoints-int-spec', { WEBHOOK_ENDPOINTS_PER_TENANT: String(LIMIT) });
    ({ nats, sql } = bed);
    cipher = bed.command.app.get(CredentialCipher);
  });

  afterAll(() => bed?.stop());

  it('creates an endpoint with a whsec_ secret shown once, stored sealed, its change in the outbox and audited', async () => {
    const tenantId = randomUUID();
    const endpoint = await created(tenantId, {
      url: 'http://127.0.0.1:9/hooks?shop=1',
      description: 'orders service',
      eventTypes: ['payment.succeeded', 'refund.processed'],
    });

    expect(endpoint).toMatchObject({
      url: 'http://127.0.0.1:9/hooks?shop=1',
      description: 'orders service',
      eventTypes: ['payment.succeeded', 'refund.processed'],
      enabled: true,
      previousSecretExpiresAt: null,
      version: 1,
    });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);
    const row = await stored(endpoint.id);
    expect(JSON.stringify(row.secret)).not.toContain(endpoint.secret.slice('whsec_'.length));
    expect(openWebhookSecret(cipher, row.secret, endpoint.id)).toBe(endpoint.secret);

    const events = await eventsOf(endpoint.id);
    expect(events.map((event) => event.event_type)).toEqual([EventTypes.webhookEndpointCreated]);
    const { rows: audit } = await sql.query<{ action: string; actor_id: string; details: string }>(
      `SELECT action, actor_id, details::text FROM audit_log WHERE resource_id = $1`,
      [endpoint.id],
    );
    expect(audit).toEqual([
      expect.objectContaining({ action: EventTypes.webhookEndpointCreated, actor_id: 'admin-1' }),
    ]);
    for (const text of [...events.map((event) => event.payload), ...audit.map((record) => record.details)]) {
      expect(text).not.toContain(endpoint.secret.slice('whsec_'.length));
    }
  });

  it('refuses a URL PPM may not call and a tenant past its limit, storing nothing', async () => {
    const tenantId = randomUUID();
    for (const url of ['http://user:pass@127.0.0.1:9/hooks', 'ftp://127.0.0.1/hooks', 'http://127.0.0.1:9/#x']) {
      expect(await create(tenantId, { url })).toMatchObject({
        success: false,
        error: { code: 'VALIDATION_ERROR' },
      });
    }
    expect(await create(tenantId, { url: 'http://127.0.0.1:9/a', eventTypes: ['payment.paid'] })).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR' },
    });

    const replies = await Promise.all(
      Array.from({ length: LIMIT + 2 }, (_, i) => create(tenantId, { url: `http://127.0.0.1:9/${i}` })),
    );

    expect(replies.filter((reply) => reply.success)).toHaveLength(LIMIT);
    const refusals = replies.flatMap((reply) => (reply.success ? [] : [reply.error.code]));
    expect(refusals).toEqual(['WEBHOOK_ENDPOINT_LIMIT_REACHED', 'WEBHOOK_ENDPOINT_LIMIT_REACHED']);
    const { rows } = await sql.query(`SELECT 1 FROM webhook_endpoints WHERE tenant_id = $1`, [tenantId]);
    expect(rows).toHaveLength(LIMIT);
  });

  it('updates what it is given; enabling again forgets the failures; another tenant finds nothing', async () => {
    const tenantId = randomUUID();
    const endpoint = await created(tenantId, { url: 'http://127.0.0.1:9/a', description: 'first' });
    await sql.query(
      `UPDATE webhook_endpoints SET enabled = false, failing_since = now() - interval '6 days', disabled_at = now()
        WHERE id = $1`,
      [endpoint.id],
    );
    const update = (data: object, tenant = tenantId) =>
      send<WebhookEndpointView>(Subjects.command.webhookEndpointUpdate, { id: endpoint.id, ...data }, tenant);

    const updated = await update({ url: 'http://127.0.0.1:9/b', eventTypes: ['payment.failed'], enabled: true });
    const cleared = await update({ description: null, eventTypes: null });

    expect(updated).toMatchObject({
      success: true,
      data: { url: 'http://127.0.0.1:9/b', description: 'first', eventTypes: ['payment.failed'], enabled: true },
    });
    expect(updated.success && updated.data.disabledAt).toBeNull();
    expect((await stored(endpoint.id)).failing_since).toBeNull();
    expect(cleared).toMatchObject({ success: true, data: { description: null, eventTypes: null, version: 3 } });
    expect(await update({ url: 'http://user@127.0.0.1:9/' })).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    expect(await update({ enabled: false }, randomUUID())).toMatchObject({
      success: false,
      error: { code: 'WEBHOOK_ENDPOINT_NOT_FOUND' },
    });
    expect((await eventsOf(endpoint.id)).map((event) => event.event_type)).toEqual([
      EventTypes.webhookEndpointCreated,
      EventTypes.webhookEndpointUpdated,
      EventTypes.webhookEndpointUpdated,
    ]);
  });

  it('rotates the secret, keeping the previous one valid for 24 hours beside it', async () => {
    const tenantId = randomUUID();
    const endpoint = await created(tenantId);
    const before = Date.now();

    const rotated = await send<WebhookEndpointWithSecret>(
      Subjects.command.webhookEndpointRotateSecret,
      { id: endpoint.id },
      tenantId,
    );

    if (!rotated.success) throw new Error(JSON.stringify(rotated.error));
    expect(rotated.data.secret).toMatch(/^whsec_/);
    expect(rotated.data.secret).not.toBe(endpoint.secret);
    const row = await stored(endpoint.id);
    expect(openWebhookSecret(cipher, row.secret, endpoint.id)).toBe(rotated.data.secret);
    expect(openWebhookSecret(cipher, row.previous_secret as EncryptedSecret, endpoint.id)).toBe(endpoint.secret);
    const expires = (row.previous_secret_expires_at as Date).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + DAY_MS - 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + DAY_MS + 60_000);
    expect(rotated.data.previousSecretExpiresAt).toBe(new Date(expires).toISOString());
    const events = await eventsOf(endpoint.id);
    expect(events.map((event) => event.event_type)).toContain(EventTypes.webhookEndpointSecretRotated);
    expect(events.map((event) => event.payload).join()).not.toContain(rotated.data.secret.slice('whsec_'.length));
  });

  it('replays a keyed create with the same secret, which the idempotency table keeps only sealed', async () => {
    const tenantId = randomUUID();
    const key = `create-${randomUUID()}`;
    const data = { url: 'http://127.0.0.1:9/keyed' };

    const first = await create(tenantId, data, key);
    const again = await create(tenantId, data, key);

    expect(first.success).toBe(true);
    expect(again).toEqual(first);
    const secret = first.success ? first.data.secret : '';
    const { rows } = await sql.query<{ reply: string }>(
      `SELECT response::text AS reply FROM idempotency_keys WHERE tenant_id = $1 AND key = $2`,
      [tenantId, key],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].reply).not.toContain(secret.slice('whsec_'.length));
    const { rows: endpoints } = await sql.query(`SELECT 1 FROM webhook_endpoints WHERE tenant_id = $1`, [tenantId]);
    expect(endpoints).toHaveLength(1);
  });

  it('deletes an endpoint with its deliveries, once', async () => {
    const tenantId = randomUUID();
    const endpoint = await created(tenantId);
    await sql.query(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, payload)
       VALUES ($1, $2, $3, 'payment.created', '{}'::jsonb)`,
      [tenantId, endpoint.id, randomUUID()],
    );
    const remove = () =>
      send<DeleteWebhookEndpointReply>(Subjects.command.webhookEndpointDelete, { id: endpoint.id }, tenantId);

    expect(await remove()).toEqual({ success: true, data: { id: endpoint.id, deleted: true } });
    expect(await remove()).toMatchObject({ success: false, error: { code: 'WEBHOOK_ENDPOINT_NOT_FOUND' } });
    const { rows } = await sql.query(`SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id]);
    expect(rows).toHaveLength(0);
    expect((await eventsOf(endpoint.id)).map((event) => event.event_type)).toEqual([
      EventTypes.webhookEndpointCreated,
      EventTypes.webhookEndpointDeleted,
    ]);
  });
});
