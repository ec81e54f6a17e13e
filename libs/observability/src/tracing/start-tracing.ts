import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

type Env = Readonly<Record<string, string | undefined>>;

// Probes and scrapes would make a trace each every few seconds and bury the ones that matter.
const UNTRACED_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/**
 * Whether the standard OpenTelemetry variables ask for traces: an OTLP endpoint, or `OTEL_TRACES_EXPORTER=otlp`.
 * Tracing is off by default, and `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn it off.
 */
export function tracingWanted(env: Env = process.env): boolean {
  if (env['OTEL_SDK_DISABLED'] === 'true') return false;
  const exporter = env['OTEL_TRACES_EXPORTER'];
  if (exporter !== undefined) return exporter.split(',').some((name) => name.trim() === 'otlp');
  return Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
}

/**
 * Starts OpenTelemetry tracing for `service` when the environment asks for it (see `tracingWanted`): spans of HTTP
 * in and out, Postgres, Redis and RabbitMQ, exported over OTLP/HTTP as the standard `OTEL_*` variables configure
 * (endpoint, headers, sampler, batch delay, resource attributes). It must run before those drivers are loaded, so
 * each app imports it first. Returns a stop that flushes the spans still buffered.
 */
export function startTracing(service: string, env: Env = process.env): (() => Promise<void>) | undefined {
  if (!tracingWanted(env)) return undefined;
  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': `ppm-${service}` }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The global provider, the W3C trace-context propagator and the async-hooks context manager.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      // Only inside a traced unit of work: the relay's and the jobs' polls alone would be most of the spans.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new AmqplibInstrumentation(),
    ],
  });
  const stop = (): Promise<void> => provider.shutdown();
  process.once('beforeExit', () => void stop());
  return stop;
}
