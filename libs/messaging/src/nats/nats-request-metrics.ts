import { Counter, Histogram, type Registry } from 'prom-client';

const HANDLED = 'ppm_nats_requests_handled_total';
const DURATION = 'ppm_nats_request_duration_seconds';

/**
 * The metrics of the NATS requests an app answers: how many per subject, and how long each took per subject and
 * outcome (`ok` or the reply's error code). Created once per registry and shared by whatever answers requests (the
 * handlers' interceptor, and answers given before the handlers).
 */
export class NatsRequestMetrics {
  readonly handled: Counter<'subject'>;
  readonly duration: Histogram<'subject' | 'outcome'>;

  constructor(registry: Registry) {
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
}
