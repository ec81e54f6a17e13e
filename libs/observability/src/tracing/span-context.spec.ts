import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { JsonLogger } from '../logging/json-logger';
import { activeSpanIds, activeTraceId, contextOfTrace } from './span-context';

describe('span context helpers', () => {
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
  const tracer = provider.getTracer('spec');

  // As startTracing does: the global provider and the async-hooks context manager.
  beforeAll(() => provider.register());
  afterAll(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('gives log lines the ids of the recorded span they are written in, and nothing outside one', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('test', 'info', { write: (line: string) => lines.push(line) });
    logger.log('outside');
    const span = tracer.startSpan('work');
    context.with(trace.setSpan(context.active(), span), () => logger.log('inside'));
    span.end();
    const [outside, inside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(outside).not.toHaveProperty('trace_id');
    expect(inside).toMatchObject({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
  });

  it("takes PPM's traceId from the recorded span, not from a span that records nothing", () => {
    const span = tracer.startSpan('work');
    expect(context.with(trace.setSpan(context.active(), span), activeTraceId)).toBe(span.spanContext().traceId);
    const unrecorded = trace.wrapSpanContext(span.spanContext());
    expect(context.with(trace.setSpan(context.active(), unrecorded), activeTraceId)).toBeUndefined();
    expect(activeSpanIds()).toEqual({});
    span.end();
  });

  it("parents later work on the event's trace with a stable stand-in span, and on nothing for a foreign id", () => {
    const eventId = '0f8e4c1a-93b2-4c55-8d3e-2b6f9a1c7d40';
    const parent = trace.getSpanContext(contextOfTrace('4bf92f3577b34da6a3ce929d0e0e4736', eventId));
    expect(parent).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '0f8e4c1a93b24c55',
      isRemote: true,
    });
    const child = tracer.startSpan('publish', {}, contextOfTrace('4bf92f3577b34da6a3ce929d0e0e4736', eventId));
    expect(child.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    child.end();
    for (const foreign of [null, 'trace-1', '00000000000000000000000000000000'])
      expect(trace.getSpanContext(contextOfTrace(foreign, eventId))).toBeUndefined();
  });
});

describe('tracingWanted', () => {
  it('is off unless the standard variables ask for OTLP traces', async () => {
    const { tracingWanted } = await import('./start-tracing');
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingWanted({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingWanted({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(
      false,
    );
    expect(tracingWanted({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(
      false,
    );
  });
});
