import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { Counter, Histogram } from 'prom-client';
import type { RequestEnvelope } from '@ppm/contracts';
import { MetricsRegistry, newTraceId, runWithTrace } from '@ppm/observability';

const HANDLED = 'ppm_nats_requests_handled_total';
const DURATION = 'ppm_nats_request_duration_seconds';

/**
 * Runs every NATS handler inside the trace of its request (meta.traceId, meta.tenantId), so logs and outgoing
 * messages carry it, and measures each request: count per subject, and duration per subject and outcome (`ok` or
 * the reply's error code).
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
    const subject = String(rpc.getContext<{ getSubject?: () => string }>().getSubject?.() ?? 'unknown');
    this.handled.inc({ subject });
    const stop = this.duration.startTimer({ subject });
    const fields = { traceId: envelope?.meta?.traceId || newTraceId(), tenantId: envelope?.meta?.tenantId };
    return new Observable((subscriber) =>
      runWithTrace(fields, () =>
        next
          .handle()
          .pipe(
            tap({
              next: (reply) => stop({ outcome: outcomeOf(reply) }),
              error: () => stop({ outcome: 'INTERNAL_ERROR' }),
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }
}

function outcomeOf(reply: unknown): string {
  const body = reply as { success?: boolean; error?: { code?: string } } | null;
  return body?.success === false ? (body.error?.code ?? 'ERROR') : 'ok';
}
