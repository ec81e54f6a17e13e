import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '@ppm/observability';
import type { ReviewBacklog } from '@ppm/persistence';

/**
 * The payments waiting for an operator's review, across tenants, and the age of the oldest, as the review expiry
 * job last read them (alert on the age nearing RISK_REVIEW_TIMEOUT_MINUTES: customers are waiting).
 */
@Injectable()
export class ReviewBacklogMetrics {
  private readonly waiting: Gauge;
  private readonly oldestAge: Gauge;

  constructor(registry: MetricsRegistry) {
    this.waiting = new Gauge({
      name: 'ppm_risk_reviews_waiting',
      help: 'Payments held for review (PENDING_REVIEW) an operator has not answered yet',
      registers: [registry],
    });
    this.oldestAge = new Gauge({
      name: 'ppm_risk_review_oldest_age_seconds',
      help: 'Age of the oldest payment waiting for review (0 when none waits)',
      registers: [registry],
    });
  }

  show(backlog: ReviewBacklog, now: Date): void {
    this.waiting.set(backlog.waiting);
    const age = backlog.oldestCreatedAt === null ? 0 : (now.getTime() - backlog.oldestCreatedAt.getTime()) / 1000;
    this.oldestAge.set(Math.max(0, age));
  }
}
