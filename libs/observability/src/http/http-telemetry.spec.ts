import { Writable } from 'node:stream';
import pino from 'pino';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { HttpTelemetry, type FinishedRequest } from './http-telemetry';

function setup(): { telemetry: HttpTelemetry; registry: MetricsRegistry; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  const registry = new MetricsRegistry('gateway');
  return { telemetry: new HttpTelemetry(registry, pino({ base: null }, sink)), registry, lines };
}

const REQUEST: FinishedRequest = {
  method: 'GET',
  route: '/api/v1/ppm/transactions/:id',
  statusCode: 200,
  durationSeconds: 0.0123,
  trace: { traceId: 'a'.repeat(32), tenantId: 'tenant-1' },
};

describe('HttpTelemetry', () => {
  it('logs a finished request with its route template, status, duration, tenant and trace id', () => {
    const { telemetry, lines } = setup();
    telemetry.record(REQUEST);
    expect(lines).toEqual([
      expect.objectContaining({
        context: 'http',
        method: 'GET',
        route: '/api/v1/ppm/transactions/:id',
        status: 200,
        durationMs: 12.3,
        traceId: 'a'.repeat(32),
        tenantId: 'tenant-1',
        msg: 'GET /api/v1/ppm/transactions/:id 200',
      }),
    ]);
  });

  it('counts the duration per method, route template and status, never per URL', async () => {
    const { telemetry, registry } = setup();
    telemetry.record(REQUEST);
    telemetry.record({ ...REQUEST, statusCode: 404, route: undefined });
    const text = await registry.metrics();
    expect(text).toContain(
      'http_server_request_duration_seconds_count{service="gateway",method="GET",route="/api/v1/ppm/transactions/:id",status_code="200"} 1',
    );
    expect(text).toContain(
      'http_server_request_duration_seconds_bucket{le="0.025",service="gateway",method="GET",route="/api/v1/ppm/transactions/:id",status_code="200"} 1',
    );
    expect(text).toContain(
      'http_server_request_duration_seconds_count{service="gateway",method="GET",route="unmatched",status_code="404"} 1',
    );
  });

  it('measures probes and scrapes without a log line each', async () => {
    const { telemetry, registry, lines } = setup();
    for (const route of ['/health/ready', '/health/live', '/metrics']) telemetry.record({ ...REQUEST, route });
    expect(lines).toEqual([]);
    expect(await registry.metrics()).toContain('route="/health/ready"');
  });
});
