import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { QueryRedactingSpanProcessor } from './query-redacting-span-processor';

// Probes and scrapes would make a trace each every few seconds and bury the ones that matter.
const UNTRACED_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/** The SDK, its OTLP exporter and the instrumentations, for `service`: see `startTracing`. */
export function startTracingSdk(service: string): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': `ppm-${service}` }))
      .merge(detectResources({ detectors: [envDetector] })),
    // The redaction first: processors see a span's start in order, and the export must find it redacted.
    spanProcessors: [new QueryRedactingSpanProcessor(), new BatchSpanProcessor(new OTLPTraceExporter())],
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
