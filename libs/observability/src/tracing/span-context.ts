import { context, isSpanContextValid, ROOT_CONTEXT, trace, TraceFlags, type Context } from '@opentelemetry/api';

const TRACE_ID = /^[0-9a-f]{32}$/;

/** The current span's ids for a log line (`trace_id`, `span_id`), or nothing when no span is recorded. */
export function activeSpanIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/** The trace id of the current recorded span, which PPM then uses as its own traceId so both name one trace. */
export function activeTraceId(): string | undefined {
  const span = trace.getSpan(context.active());
  return span?.isRecording() ? span.spanContext().traceId : undefined;
}

/**
 * A context whose parent is trace `traceId` (W3C form), for work done later on behalf of it, such as the relay's
 * publish of an event: its spans join the trace of the request that wrote the event. The parent span itself is not
 * known then, so `spanIdSeed` (the event's id) names a stable stand-in. ROOT when the id is not a trace id.
 */
export function contextOfTrace(traceId: string | null | undefined, spanIdSeed: string): Context {
  if (!traceId || !TRACE_ID.test(traceId)) return ROOT_CONTEXT;
  const parent = {
    traceId,
    spanId: spanIdSeed
      .replace(/[^0-9a-f]/gi, '')
      .toLowerCase()
      .padEnd(16, '0')
      .slice(0, 16),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(parent) ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
}
