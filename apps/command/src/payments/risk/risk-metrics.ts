import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import type { RiskAction, RiskDecision } from '@ppm/domain';
import { MetricsRegistry } from '@ppm/observability';

/**
 * The risk gate's Prometheus metrics: decisions per action (and whether the counters were read), the rules hit per
 * type and action, decisions taken without the counters (alert on it: a tenant's limits are not enforced, or its
 * payments wait for review) and the evaluation's duration.
 */
@Injectable()
export class RiskMetrics {
  private readonly decisions: Counter<'action' | 'counters'>;
  private readonly rulesHit: Counter<'type' | 'action'>;
  private readonly unavailable: Counter<'fallback'>;
  private readonly duration: Histogram;

  constructor(registry: MetricsRegistry) {
    this.decisions = new Counter({
      name: 'ppm_risk_decisions_total',
      help: 'Risk decisions on new payments, per action and whether the counters were read (read, unavailable)',
      labelNames: ['action', 'counters'],
      registers: [registry],
    });
    this.rulesHit = new Counter({
      name: 'ppm_risk_rules_hit_total',
      help: 'Risk rules hit by new payments, per rule type and the action the rule asks for',
      labelNames: ['type', 'action'],
      registers: [registry],
    });
    this.unavailable = new Counter({
      name: 'ppm_risk_counters_unavailable_total',
      help: 'Payments decided without the risk counters (Redis down or slow), per fallback (ALLOW, REVIEW)',
      labelNames: ['fallback'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'ppm_risk_evaluation_seconds',
      help: 'Time to evaluate a payment against its tenant rule set, the rule set read included',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    });
  }

  decided(decision: RiskDecision, countersUnavailable: boolean, seconds: number): void {
    this.decisions.inc({ action: decision.action, counters: countersUnavailable ? 'unavailable' : 'read' });
    for (const hit of decision.rulesHit) this.rulesHit.inc({ type: hit.type, action: hit.action });
    this.duration.observe(seconds);
  }

  decidedWithoutCounters(fallback: RiskAction): void {
    this.unavailable.inc({ fallback });
  }
}
