import type { Logger } from 'pino';
import { Histogram } from 'prom-client';
import type { TraceFields } from '../logging/trace-context';
import type { MetricsRegistry } from '../metrics/metrics-registry';

/** What one finished HTTP request reports. */
export interface FinishedRequest {
  method: string;
  /** The matched route's template (`/api/v1/ppm/transactions/:id`), undefined when no route matched. */
  route: string | undefined;
  statusCode: number;
  durationSeconds: number;
  trace: TraceFields | undefined;
}

// A request that matched no route is labelled with this, not its URL: label values stay a fixed set.
const UNMATCHED_ROUTE = 'unmatched';
// Probes and scrapes arrive every few seconds on every pod: measured, but not worth a log line each.
const QUIET_ROUTES = /^\/(health\/|metrics$)/;

/**
 * The HTTP access log line and the `http_server_request_duration_seconds` histogram (OpenTelemetry's HTTP server
 * metric, in seconds), labelled by method, route template and status code: never by URL, tenant or id, which
 * would make one series per value.
 */
export class HttpTelemetry {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(
    registry: MetricsRegistry,
    private readonly logger: Logger,
  ) {
    this.duration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of HTTP requests served, per method, route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  record(request: FinishedRequest): void {
    const route = request.route ?? UNMATCHED_ROUTE;
    this.duration.observe(
      { method: request.method, route, status_code: String(request.statusCode) },
      request.durationSeconds,
    );
    if (QUIET_ROUTES.test(route)) return;
    this.logger.info(
      {
        context: 'http',
        method: request.method,
        route,
        status: request.statusCode,
        durationMs: Math.round(request.durationSeconds * 1_000_000) / 1_000,
        traceId: request.trace?.traceId,
        tenantId: request.trace?.tenantId,
      },
      `${request.method} ${route} ${request.statusCode}`,
    );
  }
}
