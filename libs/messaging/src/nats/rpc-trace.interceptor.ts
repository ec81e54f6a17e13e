import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { context as otelContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MsgHdrs } from 'nats';
import { Observable, tap } from 'rxjs';
import type { RequestEnvelope } from '@ppm/contracts';
import { MetricsRegistry, newTraceId, runWithTrace } from '@ppm/observability';
import { NatsRequestMetrics } from './nats-request-metrics';
import { contextFromHeaders } from './nats-trace-headers';

const tracer = trace.getTracer('ppm-nats');

/**
 * Runs every NATS handler inside the trace of its request (meta.traceId, meta.tenantId), so logs and outgoing
 * messages carry it, and measures each request: count per subject, and duration per subject and outcome (`ok` or
 * the reply's error code). With tracing on, each request is a span whose parent is the caller's (`traceparent` in
 * the message's headers).
 */
@Injectable()
export class RpcTraceInterceptor implements NestInterceptor {
  private readonly metrics: NatsRequestMetrics;

  constructor(registry: MetricsRegistry) {
    this.metrics = new NatsRequestMetrics(registry);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const envelope = rpc.getData<Partial<RequestEnvelope<unknown>> | undefined>();
    const nats = rpc.getContext<{ getSubject?: () => string; getHeaders?: () => MsgHdrs | undefined }>();
    const subject = String(nats.getSubject?.() ?? 'unknown');
    this.metrics.handled.inc({ subject });
    const stop = this.metrics.duration.startTimer({ subject });
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
