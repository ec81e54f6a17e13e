// One payment through the HTTP edge, traced with OpenTelemetry: the edge, the command service and the consumers
// export their spans over OTLP/HTTP to a receiver in this test, and they make one trace.
import { randomBytes, randomUUID } from 'node:crypto';
import { migrateDatabase } from '@ppm/migrations';
import { eventually, TestStack } from '@ppm/testing';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { E2E_IDENTITY_PROVIDER, TenantEdgeApi } from '../support/tenant-edge-api';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

describe('OpenTelemetry: one trace from the HTTP edge through NATS, Postgres, the gateway call and RabbitMQ', () => {
  const tenant = randomUUID();
  const apiKey = `ppm_${randomBytes(24).toString('base64url')}`;
  const momo = { partnerCode: `P${randomBytes(4).toString('hex')}`, accessKey: randomUUID(), secretKey: randomUUID() };
  let stack: TestStack;
  let receiver: OtlpReceiver;
  let gatewayUrl: string;

  const edge = new TenantEdgeApi({ tenantId: tenant, identityProvider: E2E_IDENTITY_PROVIDER, base: () => gatewayUrl });
  const admin = (): string => edge.token(['ppm.admin'], { sub: 'admin-1' });

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    // The standard variables only: where to export, and a short batch delay so the spans arrive while we wait.
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
    stack = await TestStack.start({
      name: 'tracing-e2e',
      migrate: migrateDatabase,
      sandbox: {},
      apps: {
        worker: otel,
        command: { ...otel, OUTBOX_POLL_INTERVAL_MS: '100' },
        query: otel,
        gateway: {
          ...otel,
          ...edge.gatewayEnv({ id: 'orders', key: apiKey }),
          NATS_REQUEST_TIMEOUT_MS: '10000',
        },
      },
    });
    gatewayUrl = stack.app('gateway').url;
    await stack.sandbox.registerMerchant('MOMO', momo);
    const added = await edge.call('POST', '/api/v1/ppm/gateways/configurations', admin(), {
      gatewayType: 'MOMO',
      name: 'MoMo',
      credentials: momo,
      supportedPaymentMethods: ['E_WALLET'],
      isDefault: true,
    });
    expect(added.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('links the edge, the command service, its Postgres and gateway calls, the relay and a consumer in one trace', async () => {
    const response = await fetch(`${gatewayUrl}/api/v1/internal/ppm/process-payment`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      body: JSON.stringify({
        sourceBoundedContext: 'orders',
        sourceTransactionId: `ORD-${randomUUID().slice(0, 8)}`,
        amount: 150_000,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        description: 'tracing e2e',
        returnUrl: 'https://shop.example/return',
      }),
    });
    expect(response.status).toBe(201);
    // Without a caller's x-request-id, PPM's traceId is the trace's id: the edge echoes it.
    const traceId = String(response.headers.get('x-request-id'));
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const has = (spans: ReceivedSpan[], service: string, kind: number, name?: RegExp) =>
      spans.find((s) => s.service === service && s.kind === kind && (!name || name.test(s.name)));
    const spans = await eventually(
      () => receiver.trace(traceId),
      (found) =>
        Boolean(
          has(found, 'ppm-gateway', SERVER) &&
          has(found, 'ppm-command', PRODUCER) &&
          found.some((s) => s.kind === CONSUMER && ['ppm-query', 'ppm-worker'].includes(s.service)),
        ),
      { what: `the spans of trace ${traceId}` },
    );

    const edge = has(spans, 'ppm-gateway', SERVER);
    const request = has(spans, 'ppm-gateway', CLIENT, /^ppm\.command\.payment\.process request$/);
    const handled = has(spans, 'ppm-command', SERVER, /^ppm\.command\.payment\.process process$/);
    expect(edge).toBeDefined();
    expect(request?.parentSpanId).toBe(edge?.spanId);
    expect(handled?.parentSpanId).toBe(request?.spanId);
    // Inside the command's handling: its Postgres statements and its call to the gateway (the sandbox's MoMo).
    const inHandling = spans.filter((s) => s.service === 'ppm-command' && s.parentSpanId === handled?.spanId);
    expect(inHandling.some((s) => s.attributes['db.system.name'] === 'postgresql')).toBe(true);
    expect(inHandling.some((s) => s.kind === CLIENT && /^(POST|GET)/.test(s.name))).toBe(true);
    // The relay's claims run outside the request, even when its commit woke the relay in the same process.
    expect(inHandling.filter((s) => /WITH heads AS|SET sent_at/.test(String(s.attributes['db.query.text'])))).toEqual(
      [],
    );
    // The relay's publish joins the trace, and so does a consumer of the event in another process.
    const published = new Set(
      spans.filter((s) => s.service === 'ppm-command' && s.kind === PRODUCER).map((s) => s.spanId),
    );
    const consumed = spans.find((s) => s.kind === CONSUMER && published.has(s.parentSpanId));
    expect(consumed?.service).toMatch(/^ppm-(query|worker)$/);
    expect([...new Set(spans.map((s) => s.service))].length).toBeGreaterThanOrEqual(3);
  });

  it('exports no query string: what callers search for, and what gateways sign, stays out of the traces', async () => {
    const order = `ORD-SECRET-${randomUUID().slice(0, 8)}`;
    const response = await fetch(`${gatewayUrl}/api/v1/ppm/transactions?sourceTransactionId=${order}`, {
      headers: { authorization: `Bearer ${admin()}` },
    });
    expect(response.status).toBe(200);
    const traceId = String(response.headers.get('x-request-id'));
    const spans = await eventually(
      () => receiver.trace(traceId),
      (found) => found.some((s) => s.service === 'ppm-gateway' && s.kind === SERVER),
      { what: `the edge's span of trace ${traceId}` },
    );
    expect(JSON.stringify(spans)).not.toContain(order);
  });
});
