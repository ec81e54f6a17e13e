import type { Server } from 'node:net';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpTelemetry } from '../http/http-telemetry';
import { JsonLogger } from '../logging/json-logger';
import { activeTraceId } from '../tracing/span-context';
import { newTraceId, runWithTrace, type TraceFields } from '../logging/trace-context';
import { MetricsRegistry } from '../metrics/metrics-registry';
import type { ServiceConfig } from '../config/service-config';

/** What a service needs to start. */
export interface StartServiceOptions {
  service: string;
  config: ServiceConfig;
  /** A NATS server the app also runs (command and query services). */
  microservice?: MicroserviceOptions;
  /** Largest accepted HTTP body, in bytes. */
  bodyLimit?: number;
  /** Keep each request's raw body (`request.rawBody`): webhook signatures are computed over the exact bytes. */
  rawBody?: boolean;
  /** Runs once the app exists and before it listens: Fastify plugins, CORS, documentation routes. */
  configure?: (app: NestFastifyApplication) => Promise<void> | void;
}

const TRACE_HEADER = 'x-request-id';

/**
 * Creates and starts a PPM service: Fastify HTTP (health, metrics, its routes) with a traceId per request taken
 * from `x-request-id` (or made) and echoed back, an access log line and a duration histogram per request, JSON
 * logs, an optional NATS server in its queue group, and graceful shutdown on SIGTERM/SIGINT (readiness turns 503,
 * NATS drains, in-flight HTTP requests finish).
 */
export async function startService(module: DynamicModule, options: StartServiceOptions): Promise<INestApplication> {
  const { config } = options;
  const logger = new JsonLogger(options.service, config.LOG_LEVEL);
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit ?? 1_048_576,
    forceCloseConnections: 'idle',
    // Fastify's default, kept on purpose: longer than a load balancer's usual 60 s idle timeout, so the balancer, not
    // PPM, retires an idle connection and never writes a request onto one PPM has just closed (a 502 nobody logs).
    keepAliveTimeout: 72_000,
    trustProxy: config.TRUST_PROXY,
  });
  // Each request's trace fields, which the access guard completes with the tenant, for the access log.
  const traces = new WeakMap<object, TraceFields>();
  // The hooks must exist before Nest registers the routes; the registry they report to exists only after.
  const telemetry: { current?: HttpTelemetry } = {};
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers[TRACE_HEADER];
    // Without a caller's id, the request's span (when tracing is on) names the trace, so both ids are one.
    const traceId =
      typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : (activeTraceId() ?? newTraceId());
    void reply.header(TRACE_HEADER, traceId);
    const trace: TraceFields = { traceId };
    traces.set(request, trace);
    runWithTrace(trace, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    telemetry.current?.record({
      method: request.method,
      route: request.routeOptions.url,
      statusCode: reply.statusCode,
      durationSeconds: reply.elapsedTime / 1_000,
      trace: traces.get(request),
    });
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger,
    abortOnError: false,
    rawBody: options.rawBody ?? false,
  });
  telemetry.current = new HttpTelemetry(app.get(MetricsRegistry), logger.pino);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await options.configure?.(app);
  if (options.microservice) {
    app.connectMicroservice<MicroserviceOptions>(options.microservice, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await app.listen(config.PORT, config.HOST);
  logger.log(`${options.service} is listening on http://${config.HOST}:${listeningPort(app)}`);
  return app;
}

/** The TCP port the app's HTTP server listens on (useful with PORT=0 in tests). */
export function listeningPort(app: INestApplication): number {
  const address = (app.getHttpServer() as Server).address();
  return typeof address === 'object' && address ? address.port : Number(address);
}

/**
 * Runs a service's `main`: a failure to boot (bad configuration, unreachable dependency) prints one clear message
 * and exits with status 1 instead of an unhandled rejection (or, for a `main` that throws before it returns its
 * promise, such as a `loadConfig` in its arguments, an uncaught exception with a stack trace).
 */
export function runMain(service: string, main: () => Promise<unknown>): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${service} failed to start: ${message}\n`);
      process.exit(1);
    });
}
