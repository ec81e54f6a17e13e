import type { Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { MerchantWebhookEvent, MerchantWebhookPaymentData, WebhookEndpointWithSecret } from '@ppm/contracts';
import { eventually, sleep } from '@ppm/testing';
import { CheckLog } from '../support/check-log';
import { receiverAnswering, type Received } from '../support/merchant-receiver';
import { MerchantWebhookStack } from '../support/merchant-webhook-stack';
import { Traffic } from '../support/traffic';

// The full count: on two shared cores paying them takes about a minute, most of the spec's time.
// PPM_E2E_WEBHOOK_PAYMENTS sets another (a quick local run, or a larger one).
const PAYMENTS = Number(process.env['PPM_E2E_WEBHOOK_PAYMENTS'] ?? 1_000);
// Every tenth payment names a callbackUrl of its own.
const CALLBACK_EVERY = 10;
const TIMEOUT_MS = 3_000;

type Event = MerchantWebhookEvent<MerchantWebhookPaymentData>;

interface Receiver {
  server: Server;
  url: string;
  received: Received[];
}

async function receiver(status: () => number | Promise<number>): Promise<Receiver> {
  const received: Received[] = [];
  return { ...(await receiverAnswering(status, received)), received };
}

/** Each delivery verified with `secret` as a merchant would (`standardwebhooks`); throws at the first that fails. */
function verifiedAll(secret: string, received: readonly Received[]): Event[] {
  const webhook = new Webhook(secret);
  return received.map((delivery) => {
    const event = webhook.verify(delivery.body, delivery.headers) as Event;
    if (event.id !== delivery.headers['webhook-id']) throw new Error(`event ${event.id} came as another webhook-id`);
    return event;
  });
}

/** What the database holds when a wait fails: deliveries by target and status, endpoints, payments by status. */
async function diagnosis(hooks: MerchantWebhookStack): Promise<string> {
  const [deliveries, endpoints, payments] = await Promise.all([
    hooks.stack.sql.query<unknown[]>(
      `SELECT coalesce(endpoint_id::text, 'callback') AS target, status, count(*)::int AS n FROM webhook_deliveries
        GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    hooks.stack.sql.query<unknown[]>(`SELECT id, url, enabled FROM webhook_endpoints ORDER BY created_at`),
    hooks.stack.sql.query<unknown[]>(`SELECT status, count(*)::int AS n FROM payment_transactions GROUP BY 1`),
  ]);
  return JSON.stringify({ deliveries, endpoints, payments });
}

/** `wait`, or its failure with what the database holds. */
async function diagnosed<T>(hooks: MerchantWebhookStack, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${await diagnosis(hooks)}`);
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

// The done-when: real receivers on 127.0.0.1, each verifying every delivery with `standardwebhooks`, behind
// one tenant's endpoints while payments are paid in the sandbox. The retry schedule, the timeout and the time that
// disables an endpoint are shortened; nothing else is.
describe('merchant webhook delivery under load: a healthy, a flaky, a slow and a dead receiver', () => {
  const checks = new CheckLog('merchant webhook delivery under load');
  let hooks: MerchantWebhookStack;
  const receivers: Receiver[] = [];
  let flakyCalls = 0;

  beforeAll(async () => {
    hooks = await MerchantWebhookStack.start('webhook-delivery', {
      worker: {
        // Long enough that a loaded machine's hiccup never fails a healthy receiver's delivery or disables it.
        MERCHANT_WEBHOOK_RETRY_SCHEDULE_MS: '0,500,1000,2000,4000,8000',
        MERCHANT_WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
        MERCHANT_WEBHOOK_CONNECT_TIMEOUT_MS: '1000',
        MERCHANT_WEBHOOK_BREAKER_RESET_MS: '500',
        MERCHANT_WEBHOOK_DISABLE_AFTER_MS: '6000',
        MERCHANT_WEBHOOK_POLL_INTERVAL_MS: '50',
      },
    });
  }, 180_000);

  afterAll(async () => {
    checks.print();
    await hooks?.stop();
    await Promise.all(receivers.map(({ server }) => new Promise((resolve) => server.close(resolve))));
  }, 60_000);

  it(`${PAYMENTS} payments: the healthy and the callback receivers get every event once, the flaky ends delivered, the dead disabled`, async () => {
    const start = async (status: () => number | Promise<number>) => {
      const started = await receiver(status);
      receivers.push(started);
      return started;
    };
    const healthy = await start(() => 204);
    const flaky = await start(() => ((flakyCalls += 1) <= 3 ? 500 : 200));
    const slow = await start(() => sleep(TIMEOUT_MS * 3).then(() => 200));
    const dead = await start(() => 503);
    const callback = await start(() => 200);
    // The healthy endpoint comes first: the oldest endpoint's secret signs the payments' callbackUrl deliveries.
    const endpoints: Record<'healthy' | 'flaky' | 'slow' | 'dead', WebhookEndpointWithSecret> = {
      healthy: await hooks.endpoint(healthy.url, ['payment.created', 'payment.succeeded']),
      flaky: await hooks.endpoint(flaky.url, ['payment.succeeded']),
      slow: await hooks.endpoint(slow.url),
      dead: await hooks.endpoint(dead.url),
    };

    const paying = Date.now();
    const payments: string[] = [];
    const withCallback = new Set<string>();
    const traffic = new Traffic(
      Array.from({ length: PAYMENTS }, (_, i) => i),
      8,
      async (i) => {
        const callbackUrl = i % CALLBACK_EVERY === 0 ? `${callback.url}?payment=${i}` : undefined;
        const id = await hooks.paidPayment(callbackUrl ? { callbackUrl } : {});
        payments.push(id);
        if (callbackUrl) withCallback.add(id);
      },
    );
    await traffic.finished;
    expect(traffic.failures).toEqual([]);
    const paidInMs = Date.now() - paying;

    const distinct = (received: readonly Received[]) => new Set(received.map((r) => r.headers['webhook-id'])).size;
    await diagnosed(
      hooks,
      eventually(
        () => [distinct(healthy.received), distinct(callback.received)],
        ([toHealthy, toCallback]) => toHealthy >= 2 * PAYMENTS && toCallback >= 2 * withCallback.size,
        { what: 'every subscribed event at the healthy and the callback receivers', timeoutMs: 180_000 },
      ),
    );
    const flakyDeliveries = await diagnosed(
      hooks,
      eventually(
        () => hooks.deliveriesOf(endpoints.flaky.id),
        (rows) => rows.length === PAYMENTS && rows.every((row) => row.status === 'DELIVERED'),
        { what: 'every payment.succeeded delivered to the flaky receiver', timeoutMs: 120_000 },
      ),
    );
    const disabled = await diagnosed(
      hooks,
      eventually(
        () =>
          hooks.stack.sql.query<{ id: string; enabled: boolean }[]>(
            `SELECT id, enabled FROM webhook_endpoints WHERE id = ANY($1)`,
            [[endpoints.slow.id, endpoints.dead.id]],
          ),
        (rows) => rows.every((row) => !row.enabled),
        { what: 'the slow and the dead endpoints disabled', timeoutMs: 60_000 },
      ),
    );

    // The healthy receiver: every subscribed event of every payment, verified, repeats only under the same id.
    const healthyEvents = verifiedAll(endpoints.healthy.secret, healthy.received);
    const perPayment = new Map<string, Set<string>>();
    for (const event of healthyEvents) {
      perPayment.set(event.data.id, (perPayment.get(event.data.id) ?? new Set()).add(`${event.type} ${event.id}`));
    }
    const lost = payments.filter((id) => perPayment.get(id)?.size !== 2);
    expect(lost).toEqual([]);
    const healthyRows = await hooks.deliveriesOf(endpoints.healthy.id);
    expect(healthyRows.filter((row) => row.status !== 'DELIVERED')).toEqual([]);
    const repeats = healthyEvents.length - distinct(healthy.received);

    // Each payment's callbackUrl: its own two events, signed with the oldest endpoint's secret.
    const callbackEvents = verifiedAll(endpoints.healthy.secret, callback.received);
    expect(new Set(callbackEvents.map((event) => event.data.id))).toEqual(withCallback);
    expect(new Set(callbackEvents.map((event) => `${event.type} ${event.data.id}`)).size).toBe(2 * withCallback.size);

    // The flaky receiver refused three requests, then took every delivery.
    const flakyEvents = verifiedAll(endpoints.flaky.secret, flaky.received);
    expect(new Set(flakyEvents.map((event) => event.data.id))).toEqual(new Set(payments));
    expect(flakyDeliveries.filter((row) => row.attempt_count > 1).length).toBeGreaterThan(0);

    // The slow and dead receivers were tried (every attempt signed), failed, and their endpoints disabled.
    verifiedAll(endpoints.slow.secret, slow.received);
    verifiedAll(endpoints.dead.secret, dead.received);
    expect(disabled).toHaveLength(2);
    for (const endpoint of [endpoints.slow, endpoints.dead]) {
      const rows = await hooks.deliveriesOf(endpoint.id);
      expect(rows.filter((row) => row.status === 'DELIVERED')).toEqual([]);
    }
    const abandoned = slow.received.filter((request) => request.abandonedOrder !== undefined);
    expect(abandoned.length).toBeGreaterThan(0);
    expect(dead.received.length).toBeGreaterThan(0);

    // Unaffected by them: each event the slow receiver held past the timeout had reached the healthy receiver
    // before PPM gave up on the slow one.
    const healthyOrderOf = new Map(healthy.received.map((r) => [r.headers['webhook-id'], r.order]));
    const overtaken = abandoned.filter((request) => {
      const order = healthyOrderOf.get(request.headers['webhook-id']);
      return order === undefined || order > (request.abandonedOrder ?? 0);
    });
    expect(overtaken).toEqual([]);

    const latencies = healthy.received
      .map((r) => r.receivedAt - Date.parse((JSON.parse(r.body) as Event).createdAt))
      .sort((a, b) => a - b);
    checks.record(
      `${PAYMENTS} payments paid in the sandbox in ${(paidInMs / 1000).toFixed(1)} s: healthy receiver ` +
        `${distinct(healthy.received)} distinct events verified, 0 lost, ${repeats} repeats (same webhook-id); ` +
        `event → delivery P50 ${percentile(latencies, 50)} ms, P95 ${percentile(latencies, 95)} ms, ` +
        `P99 ${percentile(latencies, 99)} ms`,
    );
    checks.record(
      `${withCallback.size} payments with a callbackUrl: ${callbackEvents.length} deliveries there, signed with the ` +
        'oldest endpoint’s secret',
    );
    checks.record(
      `flaky receiver: ${flakyCalls} requests, 3 refused, all ${PAYMENTS} payment.succeeded DELIVERED ` +
        `(${flakyDeliveries.filter((row) => row.attempt_count > 1).length} after a retry)`,
    );
    checks.record(
      `slow receiver: ${slow.received.length} requests, ${abandoned.length} abandoned at the ${TIMEOUT_MS} ms ` +
        `timeout, each event already at the healthy receiver; dead receiver: ${dead.received.length} requests; ` +
        'both endpoints disabled',
    );
  }, 420_000);
});
