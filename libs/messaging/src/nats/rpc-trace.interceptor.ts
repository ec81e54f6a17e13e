import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { context as otelContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MsgHdrs } from 'nats';
import { Observable, tap } from 'rxjs';
import { Counter, Histogram } from 'prom-client';
import type { RequestEnvelope } from '@ppm/contracts';
import { MetricsRegistry, newTraceId, runWithTrace } from '@ppm/observability';
import { contextFromHeaders } from './nats-trace-headers';

const tracer = trace.getTracer('ppm-nats');

const HANDLED = 'ppm_nats_requests_handled_total';
const DURATION = 'ppm_nats_request_duration_seconds';

/**
 * Runs every NATS handler inside the trace of its request (meta.traceId, meta.tenantId), so logs and outgoing
 * messages carry it, and measures each request: count per subject, and duration per subject and outcome (`ok` or
 * the reply's error code). With tracing on, each request is a span whose parent is the caller's (`traceparent` in
 * the message's headers).
 */
@Injectable()
export class RpcTraceInterceptor implements NestInterceptor {
  private readonly handled: Counter<'subject'>;
  private readonly duration: Histogram<'subject' | 'outcome'>;

  // Every NATS controller gets this interceptor: the metrics are created once per registry and shared.
  constructor(registry: MetricsRegistry) {
    this.handled =
      (registry.getSingleMetric(HANDLED) as Counter<'subject'> | undefined) ??
      new Counter({
        name: HANDLED,
        help: 'NATS requests handled by this instance, per subject',
        labelNames: ['subject'],
        registers: [registry],
      });
    this.duration =
      (registry.getSingleMetric(DURATION) as Histogram<'subject' | 'outcome'> | undefined) ??
      new Histogram({
        name: DURATION,
        help: 'Time to answer a NATS request, per subject and outcome (ok or the error code)',
        labelNames: ['subject', 'outcome'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const envelope = rpc.getData<Partial<RequestEnvelope<unknown>> | undefined>();
    const nats = rpc.getContext<{ getSubject?: () => string; getHeaders?: () => MsgHdrs | undefined }>();
    const subject = String(nats.getSubject?.() ?? 'unknown');
    this.handled.inc({ subject });
    const stop = this.duration.startTimer({ subject });
    const fields = { traceId: envelope?.meta?.traceId || newTraceId(), tenantId: envelope?.meta?.tenantId };
    // The caller's span (traceparent in the message's headers) is the parent of this one.
    const parent = contextFromHeaders(nats.getHeaders?.());
    const span = tracer.startSpan(
      `${subject} process`,
      { kind: SpanKind.SERVER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } },
      parent,
    );
    const finish = (outcome: string): void => {
      stop({ outcome });
      if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span.end();
    };
    return new Observable((subscriber) =>
      otelContext.with(trace.setSpan(parent, span), () =>
        runWithTrace(fields, () =>
          next
            .handle()
            .pipe(
              tap({
                next: (reply) => finish(outcomeOf(reply)),
                error: () => finish('INTERNAL_ERROR'),
              }),
            )
            .subscribe(subscriber),
        ),
      ),
    );
  }
}

function outcomeOf(reply: unknown): string {
  const body = reply as { success?: boolean; error?: { code?: string } } | null;
  return body?.success === false ? (body.error?.code ?? 'ERROR') : 'ok';
}
