import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { Counter } from 'prom-client';
import type { RequestEnvelope } from '@ppm/contracts';
import { MetricsRegistry, newTraceId, runWithTrace } from '@ppm/observability';

/**
 * Runs every NATS handler inside the trace of its request (meta.traceId, meta.tenantId), so logs and outgoing
 * messages carry it, and counts handled requests per subject.
 */
@Injectable()
export class RpcTraceInterceptor implements NestInterceptor {
  private readonly handled: Counter<'subject'>;

  constructor(registry: MetricsRegistry) {
    this.handled = new Counter({
      name: 'ppm_nats_requests_handled_total',
      help: 'NATS requests handled by this instance, per subject',
      labelNames: ['subject'],
      registers: [registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const envelope = rpc.getData<Partial<RequestEnvelope<unknown>> | undefined>();
    const subject = String(rpc.getContext<{ getSubject?: () => string }>().getSubject?.() ?? 'unknown');
    this.handled.inc({ subject });
    const fields = { traceId: envelope?.meta?.traceId || newTraceId(), tenantId: envelope?.meta?.tenantId };
    return new Observable((subscriber) => runWithTrace(fields, () => next.handle().subscribe(subscriber)));
  }
}
