import { Registry, collectDefaultMetrics } from 'prom-client';

/** The service's Prometheus registry: default process metrics plus whatever the service registers. */
export class MetricsRegistry extends Registry {
  constructor(service: string) {
    super();
    this.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this });
  }
}
