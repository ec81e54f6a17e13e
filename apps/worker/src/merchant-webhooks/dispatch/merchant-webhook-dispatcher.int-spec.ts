import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { generateWebhookSecret, MerchantWebhookSender } from '@ppm/gateways';
import { migrateDatabase } from '@ppm/migrations';
import { MetricsRegistry } from '@ppm/observability';
import { CredentialCipher, OutboxWriter, sealWebhookSecret, WebhookDeliveryQueue } from '@ppm/persistence';
import {
  createIsolatedDatabase,
  eventually,
  requireServers,
  sampleValue,
  sleep,
  type IsolatedDatabase,
} from '@ppm/testing';
import type { DispatchSettings } from './dispatch-settings';
import { EndpointBulkheads } from './endpoint-bulkheads';
import { MerchantWebhookDispatcher } from './merchant-webhook-dispatcher';
import { WebhookDeliveryMetrics } from './webhook-delivery-metrics';

/** What a receiver does with its n-th request (0-based): answer with a status, after sleeping if asked. */
type Behaviour = (n: number) => { status: number; sleepMs?: number };

/** A merchant's receiver on 127.0.0.1 that verifies every delivery with the standardwebhooks package. */
interface Receiver {
  url: string;
  secret: string;
  received: { webhookId: string; verified: boolean; body: string; headers: Record<string, string> }[];
  maxConcurrent: number;
  close(): Promise<void>;
}

interface DeliveryRow {
  status: string;
  attempt_count: number;
}

interface AttemptRow {
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
}

const TENANT = randomUUID();

/** Whether the standardwebhooks package, as a merchant's receiver runs it, accepts a delivery with `secret`. */
function verifies(secret: string, body: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

describe('the merchant webhook dispatcher, on a real Postgres with receivers on 127.0.0.1', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  const cipher = CredentialCipher.fromKeyring(`k1:${randomBytes(32).toString('base64')}`);
  const receivers: Receiver[] = [];
  const running: MerchantWebhookDispatcher[] = [];
  /** Which receiver got each request, in arrival order, over every receiver of a test. */
  let arrivals: string[] = [];

  const receiver = async (name: string, behaviour: Behaviour): Promise<Receiver> => {
    const secret = generateWebhookSecret();
    const state: Receiver = { url: '', secret, received: [], maxConcurrent: 0, close: () => Promise.resolve() };
    let concurrent = 0;
    const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const n = state.received.length;
        const headers = request.headers as Record<string, string>;
        const body = Buffer.concat(chunks).toString('utf8');
        state.received.push({
          webhookId: headers['webhook-id'] ?? '',
          verified: verifies(secret, body, headers),
          body,
          headers,
        });
        arrivals.push(name);
        concurrent += 1;
        state.maxConcurrent = Math.max(state.maxConcurrent, concurrent);
        const { status, sleepMs = 0 } = behaviour(n);
        setTimeout(() => {
          concurrent -= 1;
          response.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${n}`);
        }, sleepMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    state.close = () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    receivers.push(state);
    return state;
  };

  /** An endpoint of TENANT; with `previous`, rotated from that secret, the overlap ending in `expiresInMs`. */
  const endpoint = async (
    url: string,
    secret: string,
    previous?: { secret: string; expiresInMs: number },
  ): Promise<string> => {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO webhook_endpoints (id, tenant_id, url, secret, previous_secret, previous_secret_expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [
        id,
        TENANT,
        url,
        JSON.stringify(sealWebhookSecret(cipher, secret, id)),
        previous ? JSON.stringify(sealWebhookSecret(cipher, previous.secret, id)) : null,
        previous ? previous.expiresInMs / 1000 : null,
      ],
    );
    return id;
  };

  /** `count` deliveries of new events to an endpoint, in one statement; returns their ids in creation order. */
  const deliveries = async (endpointId: string, count: number): Promise<string[]> => {
    const rows = await dataSource.query<{ id: string }[]>(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, payload)
       SELECT $1, $2, e.id, 'payment.succeeded',
              jsonb_build_object('id', e.id, 'type', 'payment.succeeded', 'createdAt', now(),
                                 'data', jsonb_build_object('amount', 10000, 'currency', 'VND'))
         FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, $3)) e
       RETURNING id`,
      [TENANT, endpointId, count],
    );
    return rows.map((row) => row.id);
  };

  const deliveryRow = async (id: string): Promise<DeliveryRow | undefined> =>
    (
      await dataSource.query<DeliveryRow[]>(`SELECT status, attempt_count FROM webhook_deliveries WHERE id = $1`, [id])
    )[0];

  const attemptsOf = (id: string): Promise<AttemptRow[]> =>
    dataSource.query<AttemptRow[]>(
      `SELECT status_code, error, response_excerpt FROM webhook_delivery_attempts
        WHERE delivery_id = $1 ORDER BY attempted_at`,
      [id],
    );

  const settled = (id: string, what: string): Promise<DeliveryRow | undefined> =>
    eventually(
      () => deliveryRow(id),
      (row) => row?.status !== 'PENDING',
      { what, timeoutMs: 20_000 },
    );

  /** One worker instance's dispatcher, started; stopped after the test. */
  const dispatcher = (
    overrides: Partial<DispatchSettings> = {},
    disableAfterMs = 3_600_000,
  ): { registry: MetricsRegistry } => {
    const settings: DispatchSettings = {
      retryScheduleMs: [0, 50, 50, 50, 50],
      concurrency: 16,
      endpointConcurrency: 2,
      pollIntervalMs: 20,
      claimForMs: 5_000,
      breakerResetMs: 100,
      ...overrides,
    };
    const registry = new MetricsRegistry('worker');
    const queue = new WebhookDeliveryQueue(dataSource, new OutboxWriter(), disableAfterMs);
    const started = new MerchantWebhookDispatcher(
      queue,
      new MerchantWebhookSender({ production: false, connectTimeoutMs: 500, timeoutMs: 500 }),
      cipher,
      new EndpointBulkheads({ concurrency: settings.endpointConcurrency, resetTimeoutMs: settings.breakerResetMs }),
      new WebhookDeliveryMetrics(registry, queue),
      settings,
    );
    started.onApplicationBootstrap();
    running.push(started);
    return { registry };
  };

  beforeAll(async () => {
    Logger.overrideLogger(false); // failing attempts are logged; the assertions read them from the tables
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 20 } }).initialize();
  });

  beforeEach(() => {
    arrivals = [];
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((started) => started.beforeApplicationShutdown()));
    await Promise.all(receivers.splice(0).map((started) => started.close()));
    // Deliveries a test left pending (the slow receiver's) must not reach the next test's dispatchers.
    await dataSource.query(`DELETE FROM webhook_endpoints`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('delivers to a healthy receiver at once, signed so that standardwebhooks verifies it', async () => {
    const healthy = await receiver('healthy', () => ({ status: 200 }));
    const [id = ''] = await deliveries(await endpoint(healthy.url, healthy.secret), 1);
    const { registry } = dispatcher();

    expect(await settled(id, 'the delivery settles')).toEqual({ status: 'DELIVERED', attempt_count: 1 });
    expect(await attemptsOf(id)).toEqual([{ status_code: 200, error: null, response_excerpt: 'answer 0' }]);
    expect(healthy.received).toMatchObject([{ webhookId: expect.any(String) as unknown, verified: true }]);
    const exposition = await registry.metrics();
    expect(sampleValue(exposition, 'ppm_merchant_webhook_attempts_total', { outcome: 'delivered' })).toBe(1);
    expect(sampleValue(exposition, 'ppm_merchant_webhook_backlog', {})).toBe(0);
  });

  it('never blames the merchant for a secret PPM cannot open: no attempt is counted and the delivery waits', async () => {
    const healthy = await receiver('unopenable', () => ({ status: 200 }));
    const endpointId = await endpoint(healthy.url, healthy.secret);
    // Sealed under a key this dispatcher's keyring does not hold, as after a key was dropped from the keyring.
    const stranger = CredentialCipher.fromKeyring(`k9:${randomBytes(32).toString('base64')}`);
    await dataSource.query(`UPDATE webhook_endpoints SET secret = $2 WHERE id = $1`, [
      endpointId,
      JSON.stringify(sealWebhookSecret(stranger, healthy.secret, endpointId)),
    ]);
    const [id = ''] = await deliveries(endpointId, 1);
    dispatcher({ claimForMs: 50 });

    // Several claims lapse meanwhile; the delivery keeps its place and its endpoint keeps a clean record.
    await sleep(500);
    expect(await deliveryRow(id)).toEqual({ status: 'PENDING', attempt_count: 0 });
    expect(await attemptsOf(id)).toEqual([]);
    const [endpointRow] = await dataSource.query<{ failing_since: Date | null }[]>(
      `SELECT failing_since FROM webhook_endpoints WHERE id = $1`,
      [endpointId],
    );
    expect(endpointRow?.failing_since).toBeNull();
    expect(healthy.received).toEqual([]);
  });

  it('retries a receiver failing 3 times until its 200, under one webhook-id: delivered in 4 attempts', async () => {
    const flaky = await receiver('flaky', (n) => ({ status: n < 3 ? 500 : 200 }));
    const [id = ''] = await deliveries(await endpoint(flaky.url, flaky.secret), 1);
    dispatcher();

    expect(await settled(id, 'the delivery settles')).toEqual({ status: 'DELIVERED', attempt_count: 4 });
    expect((await attemptsOf(id)).map((attempt) => attempt.status_code)).toEqual([500, 500, 500, 200]);
    expect(new Set(flaky.received.map((request) => request.webhookId)).size).toBe(1);
    expect(flaky.received.every((request) => request.verified)).toBe(true);
  });

  it('counts an answer slower than the timeout as failed and retries it', async () => {
    const sleepy = await receiver('sleepy', (n) => ({ status: 200, sleepMs: n === 0 ? 1_500 : 0 }));
    const [id = ''] = await deliveries(await endpoint(sleepy.url, sleepy.secret), 1);
    dispatcher();

    expect(await settled(id, 'the delivery settles')).toEqual({ status: 'DELIVERED', attempt_count: 2 });
    const [first, second] = await attemptsOf(id);
    expect(first).toMatchObject({ status_code: null, error: 'no answer within 500 ms' });
    expect(second).toMatchObject({ status_code: 200, error: null });
  });

  it('fails the deliveries of a receiver down for the whole schedule and disables its endpoint, announced', async () => {
    const gone = await receiver('gone', () => ({ status: 200 }));
    await gone.close();
    const endpointId = await endpoint(gone.url, gone.secret);
    const [id = ''] = await deliveries(endpointId, 1);
    const { registry } = dispatcher({ retryScheduleMs: [0, 100, 100, 100, 100] }, 250);

    expect((await settled(id, 'the delivery settles'))?.status).toBe('FAILED');
    const attempts = await attemptsOf(id);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.every((attempt) => attempt.status_code === null && attempt.error !== null)).toBe(true);
    const [state] = await dataSource.query<{ enabled: boolean; disabled_at: Date | null }[]>(
      `SELECT enabled, disabled_at FROM webhook_endpoints WHERE id = $1`,
      [endpointId],
    );
    expect(state).toEqual({ enabled: false, disabled_at: expect.any(Date) as unknown });
    const events = await dataSource.query<{ event_type: string }[]>(
      `SELECT event_type FROM outbox_events WHERE aggregate_id = $1`,
      [endpointId],
    );
    expect(events).toEqual([{ event_type: 'ppm.webhook-endpoint.disabled.v1' }]);
    expect(sampleValue(await registry.metrics(), 'ppm_merchant_webhook_endpoints_disabled_total', {})).toBe(1);
  });

  it('keeps a slow receiver to its own bulkhead: a healthy one gets all its deliveries meanwhile', async () => {
    const slow = await receiver('slow', () => ({ status: 200, sleepMs: 300 }));
    const healthy = await receiver('healthy', () => ({ status: 200 }));
    // The slow endpoint's deliveries are older, so they come first in the due order.
    await deliveries(await endpoint(slow.url, slow.secret), 20);
    await sleep(10);
    const healthyIds = await deliveries(await endpoint(healthy.url, healthy.secret), 20);
    dispatcher({ endpointConcurrency: 2, concurrency: 8 });

    for (const id of healthyIds) expect((await settled(id, 'the healthy deliveries settle'))?.status).toBe('DELIVERED');
    const lastHealthy = arrivals.lastIndexOf('healthy');
    const slowBefore = arrivals.slice(0, lastHealthy).filter((name) => name === 'slow').length;
    expect(healthy.received).toHaveLength(20);
    expect(slowBefore).toBeLessThan(20);
    expect(slow.maxConcurrent).toBeLessThanOrEqual(2);
    expect([...slow.received, ...healthy.received].every((request) => request.verified)).toBe(true);
  });

  it('shares the queue between instances: each delivery is sent once', async () => {
    const healthy = await receiver('healthy', () => ({ status: 200 }));
    const ids = await deliveries(await endpoint(healthy.url, healthy.secret), 60);
    dispatcher({ endpointConcurrency: 4 });
    dispatcher({ endpointConcurrency: 4 });

    for (const id of ids)
      expect(await settled(id, 'the deliveries settle')).toEqual({ status: 'DELIVERED', attempt_count: 1 });
    expect(healthy.received).toHaveLength(60);
    expect(new Set(healthy.received.map((request) => request.webhookId)).size).toBe(60);
  });

  it('signs with the previous secret too while a rotation overlaps, and with the current one only after it', async () => {
    const rotated = await receiver('rotated', () => ({ status: 200 }));
    const previous = generateWebhookSecret();
    const overlapping = await endpoint(rotated.url, rotated.secret, { secret: previous, expiresInMs: 3_600_000 });
    const over = await endpoint(rotated.url, rotated.secret, { secret: previous, expiresInMs: -1_000 });
    await deliveries(overlapping, 1);
    await deliveries(over, 1);
    const eventOf = async (endpointId: string): Promise<string | undefined> =>
      (
        await dataSource.query<{ event_id: string }[]>(
          `SELECT event_id FROM webhook_deliveries WHERE endpoint_id = $1`,
          [endpointId],
        )
      )[0]?.event_id;
    dispatcher();

    await eventually(
      () => rotated.received.length,
      (n) => n === 2,
      { what: 'both deliveries arrive' },
    );
    const requestOf = async (endpointId: string) => {
      const eventId = await eventOf(endpointId);
      return rotated.received.find((request) => request.webhookId === eventId);
    };
    const duringOverlap = await requestOf(overlapping);
    const afterOverlap = await requestOf(over);
    expect(duringOverlap && verifies(previous, duringOverlap.body, duringOverlap.headers)).toBe(true);
    expect(duringOverlap?.verified).toBe(true);
    expect(afterOverlap && verifies(previous, afterOverlap.body, afterOverlap.headers)).toBe(false);
    expect(afterOverlap?.verified).toBe(true);
  });

  it('signs a payment’s callbackUrl delivery with its tenant’s secret, apart from the endpoint’s health', async () => {
    const callback = await receiver('callback', (n) => ({ status: n === 0 ? 500 : 200 }));
    const endpointId = await endpoint('https://hooks.merchant.example/ppm', callback.secret);
    const [{ id = '' } = {}] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO webhook_deliveries (tenant_id, target_url, event_id, event_type, payload)
       VALUES ($1, $2, gen_random_uuid(), 'payment.succeeded', '{"type":"payment.succeeded"}') RETURNING id`,
      [TENANT, callback.url],
    );
    dispatcher();

    expect(await settled(id, 'the callback delivery settles')).toEqual({ status: 'DELIVERED', attempt_count: 2 });
    expect(callback.received.map((request) => request.verified)).toEqual([true, true]);
    const [health] = await dataSource.query<{ failing_since: Date | null }[]>(
      `SELECT failing_since FROM webhook_endpoints WHERE id = $1`,
      [endpointId],
    );
    expect(health).toEqual({ failing_since: null });
  });

  it('sends again what a dispatcher claimed and never finished (killed mid-attempt), once its claim lapses', async () => {
    const healthy = await receiver('healthy', () => ({ status: 200 }));
    const [id = ''] = await deliveries(await endpoint(healthy.url, healthy.secret), 1);
    const killed = new WebhookDeliveryQueue(dataSource, new OutboxWriter(), 3_600_000);
    const claim = { limit: 10, perTarget: 10, excludedEndpointIds: [], excludedUrls: [] };
    expect(await killed.claimDue({ ...claim, claimForMs: 500 })).toHaveLength(1);
    dispatcher();

    expect(await settled(id, 'the delivery settles')).toEqual({ status: 'DELIVERED', attempt_count: 1 });
    expect(healthy.received).toHaveLength(1);
  });
});
